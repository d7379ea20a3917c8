/**
 * Names of what one bench run creates: topics, groups, the bench table and queue, and
 * the tag in every invoice number. All start with "bench-" and the run id, so they never
 * meet the shared `invoices` topic, the `invoice-validator` group or another run.
 */

export interface RunNames {
  runId: string;
  rawTopic: string;
  ingestTopic: string;
  coldStartTopic: string;
  storeTable: string;
  storeQueue: string;
  pipelineTopic(batchSize: number, consumers: number): string;
  pipelineGroup(batchSize: number, consumers: number): string;
  /** The tag of the invoices of one stage: unique invoice numbers and message ids per run. */
  invoiceTag(stage: string): string;
}

/**
 * @example
 * runNames(new Date('2026-11-24T13:00:00Z')).pipelineTopic(100, 5) // 'bench-mnhq1a00-p100x5'
 */
export function runNames(startedAt: Date, suffix = Math.random().toString(36).slice(2, 6)): RunNames {
  const runId = `bench-${startedAt.getTime().toString(36)}${suffix}`;
  const config = (batchSize: number, consumers: number) => `p${batchSize}x${consumers}`;
  return {
    runId,
    rawTopic: `${runId}-raw`,
    ingestTopic: `${runId}-ingest`,
    coldStartTopic: `${runId}-cold`,
    storeTable: `${runId}-invoices`,
    storeQueue: `${runId}-invalid`,
    pipelineTopic: (batchSize, consumers) => `${runId}-${config(batchSize, consumers)}`,
    pipelineGroup: (batchSize, consumers) => `${runId}-${config(batchSize, consumers)}-validator`,
    invoiceTag: (stage) => `${runId}-${stage}`,
  };
}

/** A timestamp usable in a file name: 2026-11-24T13-05-09Z. */
export function fileTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
}
