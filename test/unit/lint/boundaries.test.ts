/**
 * The import-boundary rules in eslint.config.mjs hold the layers: this plants a forbidden
 * import in each layer, runs the project's own ESLint on it, and expects the rule to name it.
 * The planted files sit inside the layer's folder because the rules are chosen by path.
 */
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const root = join(__dirname, '..', '..', '..');
const run = promisify(execFile);

interface Planted {
  readonly file: string;
  readonly source: string;
  readonly rule: string;
}

const tag = `__planted-boundary-${process.pid}`;
const planted: Planted[] = [
  { file: `lib/domain/${tag}.ts`, source: "import { Kafka } from 'kafkajs';\nexport const k = Kafka;\n", rule: 'no-restricted-imports' },
  { file: `lib/domain/${tag}-up.ts`, source: "import { ports } from '../ports/invoice-store';\nexport const p = ports;\n", rule: 'no-restricted-imports' },
  { file: `lib/ports/${tag}.ts`, source: "import { log } from '../observability';\nexport const l = log;\n", rule: 'no-restricted-imports' },
  { file: `lib/use-cases/${tag}.ts`, source: "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport const c = DynamoDBClient;\n", rule: 'no-restricted-imports' },
  { file: `lib/use-cases/${tag}-adapter.ts`, source: "import * as store from '../adapters/dynamodb/dynamodb-invoice-store';\nexport const s = store;\n", rule: 'no-restricted-imports' },
  { file: `lib/use-cases/${tag}-logger.ts`, source: "import { logger } from '../observability';\nexport const l = logger;\n", rule: 'no-restricted-imports' },
  { file: `handlers/${tag}.ts`, source: 'export const handler = (items: number[]): number => {\n  let sum = 0;\n  for (const item of items) sum += item;\n  return sum;\n};\n', rule: 'no-restricted-syntax' },
];
const allowed: Planted = { file: `lib/ports/${tag}-ok.ts`, source: "import { type Invoice } from '../domain/invoice-schema';\nexport type Stored = Invoice;\n", rule: '' };

interface EslintMessage {
  readonly ruleId: string | null;
  readonly message: string;
}
interface EslintResult {
  readonly filePath: string;
  readonly messages: EslintMessage[];
}

describe('import boundaries (eslint.config.mjs)', () => {
  let results: EslintResult[] = [];

  beforeAll(async () => {
    const files = [...planted, allowed];
    for (const { file, source } of files) writeFileSync(join(root, file), source);
    try {
      // ESLint exits 1 when it finds problems: the JSON report is what matters here.
      const eslint = join(root, 'node_modules', '.bin', 'eslint');
      const { stdout } = await run(eslint, ['--format', 'json', '--no-warn-ignored', ...files.map((f) => f.file)], { cwd: root, maxBuffer: 16 * 1024 * 1024 }).catch(
        (error: { stdout?: string }) => ({ stdout: error.stdout ?? '[]' }),
      );
      results = JSON.parse(stdout) as EslintResult[];
    } finally {
      for (const { file } of files) rmSync(join(root, file), { force: true });
    }
  }, 120_000);

  const messagesOf = (file: string): EslintMessage[] => results.find((r) => r.filePath === join(root, file))?.messages ?? [];

  it.each(planted.map((p) => [p.file.replace(tag, '<planted>'), p] as const))('%s is refused', (_name, { file, rule }) => {
    expect(messagesOf(file).map((m) => m.ruleId)).toContain(rule);
  });

  it('an import the layer may make passes', () => {
    expect(results.map((r) => r.filePath)).toContain(join(root, allowed.file));
    expect(messagesOf(allowed.file)).toEqual([]);
  });
});
