/**
 * Indexes the quarantine entries written before InvalidInvoiceIndex existed: a parallel Scan of
 * InvalidInvoices, each segment resuming from its checkpoint, each entry indexed once
 * (DynamoDbQuarantine.indexExisting marks it in the same transaction, so a second run, or two
 * runs at once, count nothing twice).
 */
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { storeFailure } from './store-errors';
import type { DynamoDbQuarantine } from './dynamodb-quarantine';

/** Where each segment of the scan got to: its next start key, or "done". */
export type BackfillCheckpoint = { segments: number; next: Array<Record<string, unknown> | 'done' | null> };

export interface BackfillProgress {
  scanned: number;
  indexed: number;
}

export async function backfillQuarantineIndex(options: {
  client: DynamoDBDocumentClient;
  quarantine: DynamoDbQuarantine;
  entriesTable: string;
  segments: number;
  /** A checkpoint from an earlier run with the same number of segments, to resume it. */
  resumeFrom?: BackfillCheckpoint;
  /** Called after every page with where each segment is, for the caller to save. */
  onCheckpoint?: (checkpoint: BackfillCheckpoint, progress: BackfillProgress) => Promise<void> | void;
  /** Entries indexed at once per segment. */
  concurrency?: number;
}): Promise<BackfillProgress> {
  const { client, quarantine, entriesTable, segments } = options;
  if (options.resumeFrom && options.resumeFrom.segments !== segments) {
    throw new Error(`the checkpoint is of a scan in ${options.resumeFrom.segments} segments; run with --segments ${options.resumeFrom.segments} or without the checkpoint`);
  }
  const checkpoint: BackfillCheckpoint = options.resumeFrom ? structuredClone(options.resumeFrom) : { segments, next: Array.from({ length: segments }, () => null) };
  const progress: BackfillProgress = { scanned: 0, indexed: 0 };
  const concurrency = options.concurrency ?? 8;

  async function runSegment(segment: number): Promise<void> {
    for (;;) {
      const position = checkpoint.next[segment];
      if (position === 'done') return;
      let page;
      try {
        page = await client.send(
          new ScanCommand({
            TableName: entriesTable,
            Segment: segment,
            TotalSegments: segments,
            // Only what is not indexed yet; a resumed or repeated run reads but writes nothing for the rest.
            FilterExpression: 'attribute_not_exists(indexVersion)',
            ...(position ? { ExclusiveStartKey: position } : {}),
          }),
        );
      } catch (error) {
        throw storeFailure(`could not scan ${entriesTable} (segment ${segment})`, error);
      }
      progress.scanned += page.ScannedCount ?? 0;
      const items = page.Items ?? [];
      for (let start = 0; start < items.length; start += concurrency) {
        const done = await Promise.all(items.slice(start, start + concurrency).map((item) => quarantine.indexExisting(item)));
        progress.indexed += done.filter(Boolean).length;
      }
      checkpoint.next[segment] = page.LastEvaluatedKey ?? 'done';
      await options.onCheckpoint?.(checkpoint, progress);
    }
  }

  await Promise.all(Array.from({ length: segments }, (_unused, segment) => runSegment(segment)));
  return progress;
}
