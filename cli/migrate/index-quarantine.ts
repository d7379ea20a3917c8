/**
 * `npm run migrate:quarantine-index`: gives the entries quarantined before this version their
 * list rows and counters (docs/quarantine-model.md, "Migrating a deployment"). Idempotent and
 * resumable: stop it at any point and run it again with the same --checkpoint.
 *
 *   npm run migrate:quarantine-index -- --local                      # the local stack
 *   AWS_REGION=eu-west-1 npm run migrate:quarantine-index -- --stage prod
 *
 * Options: --segments N (parallel scan segments, default 4), --checkpoint FILE (default
 * .local/migrate-quarantine-index.<stage>.json).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { createDocumentClient } from '../../lib/adapters/dynamodb/document-client';
import { DynamoDbQuarantine, quarantineTables } from '../../lib/adapters/dynamodb/dynamodb-quarantine';
import { backfillQuarantineIndex, type BackfillCheckpoint } from '../../lib/adapters/dynamodb/quarantine-backfill';
import { applyLocalEnv } from '../../localstack/local-env';

const { values } = parseArgs({
  options: {
    local: { type: 'boolean', default: false },
    stage: { type: 'string', default: 'local' },
    segments: { type: 'string', default: '4' },
    checkpoint: { type: 'string' },
  },
});

async function main(): Promise<void> {
  if (values.local) applyLocalEnv();
  const segments = Number(values.segments);
  if (!Number.isInteger(segments) || segments < 1 || segments > 1000) throw new Error('--segments takes a whole number from 1 to 1000');
  const checkpointFile = values.checkpoint ?? `.local/migrate-quarantine-index.${values.stage}.json`;
  const resumeFrom = existsSync(checkpointFile) ? (JSON.parse(readFileSync(checkpointFile, 'utf8')) as BackfillCheckpoint) : undefined;
  if (resumeFrom) console.log(`resuming from ${checkpointFile}`);
  const client = createDocumentClient();
  const tables = quarantineTables();
  const started = Date.now();
  const progress = await backfillQuarantineIndex({
    client,
    quarantine: new DynamoDbQuarantine(client, tables),
    entriesTable: tables.entries,
    segments,
    ...(resumeFrom ? { resumeFrom } : {}),
    onCheckpoint: (checkpoint, { scanned, indexed }) => {
      mkdirSync(dirname(checkpointFile), { recursive: true });
      writeFileSync(checkpointFile, JSON.stringify(checkpoint));
      process.stdout.write(`\rscanned ${scanned}, indexed ${indexed}`);
    },
  });
  console.log(`\ndone in ${((Date.now() - started) / 1000).toFixed(1)} s: ${progress.indexed} entries indexed, ${progress.scanned} read (checkpoint ${checkpointFile} kept; delete it to scan again from the start)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
