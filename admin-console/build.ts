/**
 * Writes admin-console/dist/console-page.ts from admin-console/src. Run it after changing
 * the console: `node --import tsx admin-console/build.ts`; `--check` only says whether the
 * generated module is stale (exit 1), for CI or a pre-commit hook.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildConsolePage, GENERATED_MODULE, generatedModule } from './build-page';

async function main(check: boolean): Promise<number> {
  const wanted = generatedModule(await buildConsolePage());
  const relative = path.relative(process.cwd(), GENERATED_MODULE);
  const existing = readIfPresent(GENERATED_MODULE);
  if (existing === wanted) {
    process.stdout.write(`${relative} is up to date\n`);
    return 0;
  }
  if (check) {
    process.stdout.write(`${relative} is stale: run node --import tsx admin-console/build.ts\n`);
    return 1;
  }
  writeFileSync(GENERATED_MODULE, wanted);
  process.stdout.write(`wrote ${relative} (${Math.round(Buffer.byteLength(wanted) / 1024)} KiB)\n`);
  return 0;
}

function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined; // Not generated yet.
  }
}

main(process.argv.includes('--check')).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
