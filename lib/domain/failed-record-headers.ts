/**
 * The failure metadata on a record copied to the on-failure topic (invoices.failed) after
 * the validator exhausted its retries. The record keeps its own key, value and headers;
 * these say where it came from and why it failed, so it can be settled as PROCESSING_FAILED.
 */
export const FAILED_RECORD_HEADER = {
  sourceTopic: 'failure-source-topic',
  sourcePartition: 'failure-source-partition',
  sourceOffset: 'failure-source-offset',
  sourceTimestamp: 'failure-source-timestamp',
  attempts: 'failure-attempts',
  reason: 'failure-reason',
} as const;
