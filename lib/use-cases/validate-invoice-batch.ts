/**
 * Validate one batch of invoice records from Kafka.
 * Input: the decoded records of a Lambda Kafka event.
 * Output: one outcome per record (STORED, DUPLICATE or INVALID), in the batch's order.
 * Steps: decode and validate each record against the contract, using the record's
 * timestamp as "now"; store valid invoices unless their identity is taken (same content:
 * DUPLICATE; other content: DUPLICATE_CONFLICT, invalid); send every invalid one to the
 * invalid channel with all its reasons; record every outcome in the message log.
 * Resolves only when every record is durably in a store or in the channel; otherwise it
 * rejects and the whole batch is retried, which the idempotent stores make safe.
 */
import { contentHash } from '../domain/content-hash';
import { decodeInvoicePayload } from '../domain/decode-invoice-payload';
import type { IncomingRecord } from '../domain/incoming-record';
import { buildInvalidInvoiceMessage, type InvalidInvoiceMessage, type ValidatorIdentity } from '../domain/invalid-invoice-message';
import { identityKey, readIdentity, type InvoiceIdentity } from '../domain/invoice-identity';
import type { KafkaCoordinates } from '../domain/kafka-coordinates';
import { reason, type Reason } from '../domain/reasons';
import { traceOf, type RecordTrace } from '../domain/record-trace';
import { validateInvoice } from '../domain/validate-invoice';
import type { InvalidChannel } from '../ports/invalid-channel';
import type { InvoiceStore, StoreAttempt, StoredInvoice } from '../ports/invoice-store';
import type { MessageLog, MessageOutcome } from '../ports/message-log';

export interface ValidateBatchDeps {
  invoiceStore: InvoiceStore;
  invalidChannel: InvalidChannel;
  messageLog: MessageLog;
  now: () => Date;
  validator: ValidatorIdentity;
  maxPayloadBytes: number;
}

export type RecordOutcome = MessageOutcome & { record: IncomingRecord };

type Verdict =
  | { kind: 'valid'; trace: RecordTrace; identity: InvoiceIdentity; invoice: StoredInvoice }
  | { kind: 'invalid'; trace: RecordTrace; identity?: InvoiceIdentity; reasons: Reason[] };

/** Concurrent store writes per batch: enough to hide latency, few enough not to throttle. */
const STORE_CONCURRENCY = 16;

export async function validateInvoiceBatch(deps: ValidateBatchDeps, records: IncomingRecord[]): Promise<RecordOutcome[]> {
  const processedAt = deps.now().toISOString();
  const verdicts = records.map((record) => judge(record, processedAt, deps.maxPayloadBytes));
  const stored = await storeValidInvoices(deps.invoiceStore, verdicts);

  const invalid: InvalidInvoiceMessage[] = [];
  const outcomes = records.map((record, index): RecordOutcome => {
    const verdict = stored[index] as StoredVerdict;
    const base = outcomeBase(record, verdict.trace, processedAt, verdict.identity);
    if (verdict.kind === 'invalid') {
      invalid.push(
        buildInvalidInvoiceMessage(record, verdict.reasons, {
          ...verdict.trace,
          detectedAt: new Date(processedAt),
          validator: deps.validator,
          maxPayloadBytes: deps.maxPayloadBytes,
        }),
      );
      return { ...base, status: 'INVALID', reasons: verdict.reasons };
    }
    return { ...base, status: verdict.kind === 'stored' ? 'STORED' : 'DUPLICATE' };
  });

  await deps.invalidChannel.send(invalid);
  await deps.messageLog.recordOutcomes(outcomes.map(({ record: _record, ...outcome }) => outcome));
  return outcomes;
}

function judge(record: IncomingRecord, processedAt: string, maxPayloadBytes: number): Verdict {
  const trace = traceOf(record);
  const decoded = decodeInvoicePayload(record.value, maxPayloadBytes);
  if (!decoded.ok) return { kind: 'invalid', trace, reasons: decoded.reasons };
  const validation = validateInvoice(decoded.document, { submittedAt: record.timestamp });
  if (!validation.valid) {
    const identity = readIdentity(decoded.document);
    return { kind: 'invalid', trace, reasons: validation.reasons, ...(identity ? { identity } : {}) };
  }
  const { identity } = validation;
  return {
    kind: 'valid',
    trace,
    identity,
    invoice: {
      ...identity,
      messageId: trace.messageId,
      correlationId: trace.correlationId,
      contentHash: contentHash(decoded.document),
      payload: decoded.text,
      submittedAt: trace.submittedAt,
      storedAt: processedAt,
      kafka: coordinatesOf(record),
    },
  };
}

type StoredVerdict =
  | { kind: 'stored' | 'duplicate'; trace: RecordTrace; identity: InvoiceIdentity }
  | { kind: 'invalid'; trace: RecordTrace; identity?: InvoiceIdentity; reasons: Reason[] };

/**
 * Stores the valid invoices: the first version of each invoice all together (they have
 * distinct identities), then any later versions of the same invoice in the batch's order
 * (they share a partition, so their order is the order they were sent in).
 */
async function storeValidInvoices(store: InvoiceStore, verdicts: Verdict[]): Promise<StoredVerdict[]> {
  const results: StoredVerdict[] = verdicts.map((verdict) =>
    verdict.kind === 'invalid' ? verdict : { kind: 'stored', trace: verdict.trace, identity: verdict.identity },
  );
  const byIdentity = new Map<string, number[]>();
  verdicts.forEach((verdict, index) => {
    if (verdict.kind !== 'valid') return;
    const key = identityKey(verdict.identity);
    byIdentity.set(key, [...(byIdentity.get(key) ?? []), index]);
  });
  const firsts = [...byIdentity.values()].map((indexes) => indexes[0] as number);
  const attempts = await store.storeAllIfAbsent(firsts.map((index) => (verdicts[index] as ValidVerdict).invoice));
  firsts.forEach((index, position) => {
    results[index] = verdictOf(verdicts[index] as ValidVerdict, attempts[position] as StoreAttempt);
  });
  const laterVersions = [...byIdentity.values()].filter((indexes) => indexes.length > 1).map((indexes) => indexes.slice(1));
  await forEachLimited(laterVersions, STORE_CONCURRENCY, async (indexes) => {
    for (const index of indexes) {
      const verdict = verdicts[index] as ValidVerdict;
      results[index] = verdictOf(verdict, await store.storeIfAbsent(verdict.invoice));
    }
  });
  return results;
}

type ValidVerdict = Extract<Verdict, { kind: 'valid' }>;

function verdictOf(verdict: ValidVerdict, attempt: StoreAttempt): StoredVerdict {
  const { trace, identity, invoice } = verdict;
  // A redelivered record finds its own earlier write: it is stored, once.
  if (attempt.created || attempt.existing.messageId === invoice.messageId) return { kind: 'stored', trace, identity };
  if (attempt.existing.contentHash === invoice.contentHash) return { kind: 'duplicate', trace, identity };
  return {
    kind: 'invalid',
    trace,
    identity,
    reasons: [
      reason(
        'DUPLICATE_CONFLICT',
        '',
        `Invoice ${identity.invoiceNumber} of issuer ${identity.issuerTaxId} is already stored (message ${attempt.existing.messageId}) with different content; ` +
          'the stored invoice was kept. Issue a new invoice number (or a credit note) instead of changing an invoice already sent.',
      ),
    ],
  };
}

function outcomeBase(record: IncomingRecord, trace: RecordTrace, processedAt: string, identity?: InvoiceIdentity) {
  return {
    record,
    messageId: trace.messageId,
    correlationId: trace.correlationId,
    ...(trace.causationId ? { causationId: trace.causationId } : {}),
    ...(trace.source ? { source: trace.source } : {}),
    acceptedAt: trace.submittedAt,
    kafka: coordinatesOf(record),
    processedAt,
    ...(identity ? { invoice: identity } : {}),
  };
}

function coordinatesOf(record: IncomingRecord): KafkaCoordinates {
  return { topic: record.topic, partition: record.partition, offset: record.offset };
}

async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  });
  await Promise.all(workers);
}
