/**
 * The headers every invoice message carries on its transport (schema version 1; Kafka record headers today).
 * They let any consumer trace a record back to its request without reading the body.
 */
export const HEADER = {
  messageId: 'message-id',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  contentType: 'content-type',
  schemaVersion: 'schema-version',
  source: 'source',
  eventType: 'event-type',
  submittedAt: 'submitted-at',
  /** The API client that sent the invoice; absent on records produced straight to the topic. */
  clientId: 'client-id',
} as const;

export const SCHEMA_VERSION = '1';
export const EVENT_TYPE_INVOICE_SUBMITTED = 'InvoiceSubmitted';

export type RecordSource = 'invoice-api' | 'admin-resend' | (string & {});

export interface InvoiceRecordMetadata {
  messageId: string;
  correlationId: string;
  causationId?: string;
  source: RecordSource;
  submittedAt: Date;
  clientId?: string;
}

/**
 * Builds the header map of an invoice record.
 *
 * @example
 * buildRecordHeaders({ messageId, correlationId, source: 'invoice-api', submittedAt: new Date() })
 */
export function buildRecordHeaders(metadata: InvoiceRecordMetadata): Record<string, string> {
  const headers: Record<string, string> = {
    [HEADER.messageId]: metadata.messageId,
    [HEADER.correlationId]: metadata.correlationId,
    [HEADER.contentType]: 'application/json',
    [HEADER.schemaVersion]: SCHEMA_VERSION,
    [HEADER.source]: metadata.source,
    [HEADER.eventType]: EVENT_TYPE_INVOICE_SUBMITTED,
    [HEADER.submittedAt]: metadata.submittedAt.toISOString(),
  };
  if (metadata.causationId) headers[HEADER.causationId] = metadata.causationId;
  if (metadata.clientId) headers[HEADER.clientId] = metadata.clientId;
  return headers;
}
