/**
 * Validate one batch of invoice messages, from whatever transport carried them.
 * Input: the messages of one delivery, decoded by the transport's adapter.
 * Output: the records it settled, each with its outcome (STORED, DUPLICATE or INVALID), in
 * the batch's order, and the records it could not settle this time, each with why.
 * Steps: decode and validate each record against the contract, using the record's
 * timestamp as "now"; store valid invoices unless their identity is taken (same content:
 * DUPLICATE; other content: DUPLICATE_CONFLICT, invalid); send every invalid one to the
 * invalid channel with all its reasons; record every outcome in the message log.
 * A record is settled once it is durably in a store or in the channel and its outcome is
 * recorded. One that a store failed for is returned unsettled, to be delivered again (with
 * the later versions of its invoice in the batch, so versions keep their order); the
 * idempotent stores make a second delivery of any record change nothing. A failure that
 * says retrying cannot help (not `retriable`: the store refused the item as it is) settles
 * the record as invalid, PROCESSING_FAILED, instead.
 */
import { contentHash } from '../domain/content-hash';
import { decodeInvoicePayload } from '../domain/decode-invoice-payload';
import type { IncomingMessage } from '../domain/incoming-message';
import { buildInvalidInvoiceMessage, type InvalidInvoiceMessage, type ValidatorIdentity } from '../domain/invalid-invoice-message';
import { identityKey, readIdentity, type InvoiceIdentity } from '../domain/invoice-identity';
import { reason, type Reason } from '../domain/reasons';
import { traceOf, type RecordTrace } from '../domain/message-trace';
import { validateInvoice } from '../domain/validate-invoice';
import { PipelineError } from '../errors';
import type { InvalidChannel } from '../ports/invalid-channel';
import type { InvoiceStore, StoreAttempt, StoreFailure, StoredInvoice } from '../ports/invoice-store';
import type { MessageLog, MessageOutcome } from '../ports/message-log';

export interface ValidateBatchDeps {
  invoiceStore: InvoiceStore;
  invalidChannel: InvalidChannel;
  messageLog: MessageLog;
  now: () => Date;
  validator: ValidatorIdentity;
  maxPayloadBytes: number;
}

export type RecordOutcome = MessageOutcome & { record: IncomingMessage };

/** A record that could not be settled this time; it must be delivered again. */
export interface UnsettledRecord {
  record: IncomingMessage;
  messageId: string;
  correlationId: string;
  error: Error;
}

export interface BatchResult {
  settled: RecordOutcome[];
  unsettled: UnsettledRecord[];
}

type Verdict =
  | { kind: 'valid'; trace: RecordTrace; identity: InvoiceIdentity; invoice: StoredInvoice }
  | { kind: 'invalid'; trace: RecordTrace; identity?: InvoiceIdentity; reasons: Reason[] };

type ValidVerdict = Extract<Verdict, { kind: 'valid' }>;

type StoredVerdict =
  | { kind: 'stored' | 'duplicate'; trace: RecordTrace; identity: InvoiceIdentity }
  | { kind: 'invalid'; trace: RecordTrace; identity?: InvoiceIdentity; reasons: Reason[] }
  | { kind: 'failed'; trace: RecordTrace; error: Error };

type DecidedVerdict = Exclude<StoredVerdict, { kind: 'failed' }>;

/** Concurrent store writes per batch: enough to hide latency, few enough not to throttle. */
const STORE_CONCURRENCY = 16;

export async function validateInvoiceBatch(deps: ValidateBatchDeps, records: IncomingMessage[]): Promise<BatchResult> {
  const processedAt = deps.now().toISOString();
  const verdicts = await storeValidInvoices(
    deps.invoiceStore,
    records.map((record) => judge(record, processedAt, deps.maxPayloadBytes)),
  );
  const failures = new Map<number, Error>();
  verdicts.forEach((verdict, index) => {
    if (verdict.kind === 'failed') failures.set(index, verdict.error);
  });

  const invalid = verdicts.flatMap((verdict, index) =>
    verdict.kind === 'invalid' ? [{ index, message: invalidMessageOf(deps, records[index] as IncomingMessage, verdict, processedAt) }] : [],
  );
  const unsent = await deps.invalidChannel.send(invalid.map(({ message }) => message));
  for (const [position, error] of unsent) failures.set((invalid[position] as { index: number }).index, error);

  const decided = verdicts.flatMap((verdict, index) =>
    verdict.kind === 'failed' || failures.has(index) ? [] : [{ index, outcome: outcomeOf(records[index] as IncomingMessage, verdict, processedAt) }],
  );
  const unrecorded = await deps.messageLog.recordOutcomes(decided.map(({ outcome: { record: _record, ...outcome } }) => outcome));
  for (const [position, error] of unrecorded) failures.set((decided[position] as { index: number }).index, error);

  return {
    settled: decided.filter(({ index }) => !failures.has(index)).map(({ outcome }) => outcome),
    unsettled: [...failures.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, error]) => {
        const { trace } = verdicts[index] as StoredVerdict;
        return { record: records[index] as IncomingMessage, messageId: trace.messageId, correlationId: trace.correlationId, error };
      }),
  };
}

function judge(record: IncomingMessage, processedAt: string, maxPayloadBytes: number): Verdict {
  const trace = traceOf(record);
  const decoded = decodeInvoicePayload(record.payload, maxPayloadBytes);
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
      origin: record.origin,
      ...(trace.clientId ? { clientId: trace.clientId } : {}),
    },
  };
}

/**
 * Stores the valid invoices: the first version of each invoice all together (they have
 * distinct identities), then any later versions of the same invoice in the batch's order
 * (they share a partition, so their order is the order they were sent in). A later version
 * waits, unsettled, while an earlier one could not be stored.
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
  const versions = [...byIdentity.values()];
  const firsts = versions.map((indexes) => indexes[0] as number);
  const attempts = await store.storeAllIfAbsent(firsts.map((index) => (verdicts[index] as ValidVerdict).invoice));
  firsts.forEach((index, position) => {
    results[index] = verdictOf(verdicts[index] as ValidVerdict, attempts[position] as StoreAttempt | StoreFailure);
  });
  await forEachLimited(
    versions.filter((indexes) => indexes.length > 1),
    STORE_CONCURRENCY,
    async (indexes) => {
      for (const [earlier, index] of pairs(indexes)) {
        const verdict = verdicts[index] as ValidVerdict;
        const before = results[earlier] as StoredVerdict;
        results[index] =
          before.kind === 'failed'
            ? { kind: 'failed', trace: verdict.trace, error: new Error(`an earlier version of this invoice is not stored yet: ${before.error.message}`, { cause: before.error }) }
            : verdictOf(verdict, await store.storeIfAbsent(verdict.invoice).catch((error: unknown): StoreFailure => ({ failed: error as Error })));
      }
    },
  );
  return results;
}

function verdictOf(verdict: ValidVerdict, attempt: StoreAttempt | StoreFailure): StoredVerdict {
  const { trace, identity, invoice } = verdict;
  if ('failed' in attempt) return isRetriable(attempt.failed) ? { kind: 'failed', trace, error: attempt.failed } : refusedByStore(trace, identity, attempt.failed);
  if ('fenced' in attempt) return settledAsFailed(trace, identity);
  // A redelivered record finds its own earlier write: it is stored, once.
  if (attempt.created || attempt.existing.messageId === invoice.messageId) return { kind: 'stored', trace, identity };
  if (attempt.existing.contentHash === invoice.contentHash) return { kind: 'duplicate', trace, identity };
  return invalidWith(
    trace,
    identity,
    reason(
      'DUPLICATE_CONFLICT',
      '',
      `Invoice ${identity.invoiceNumber} of issuer ${identity.issuerTaxId} is already stored (message ${attempt.existing.messageId}) with different content; ` +
        'the stored invoice was kept. Issue a new invoice number (or a credit note) instead of changing an invoice already sent.',
    ),
  );
}

/** A valid invoice that is settled as invalid after all, for this one reason. */
function invalidWith(trace: RecordTrace, identity: InvoiceIdentity, why: Reason): StoredVerdict {
  return { kind: 'invalid', trace, identity, reasons: [why] };
}

/** A failure that may pass if the same record comes again; what the code did not classify is assumed to. */
function isRetriable(error: Error): boolean {
  return !(error instanceof PipelineError) || error.retriable;
}

/**
 * A record delivered again after it was settled as PROCESSING_FAILED (the trigger had given up
 * on it, and the settling fenced it out of its invoice): it keeps that outcome, and its
 * quarantine entry stays where an admin resends it from.
 */
function settledAsFailed(trace: RecordTrace, identity: InvoiceIdentity): StoredVerdict {
  return invalidWith(
    trace,
    identity,
    reason(
      'PROCESSING_FAILED',
      '',
      'This message was delivered again after the trigger had given up on it and it was quarantined as PROCESSING_FAILED; it is not stored. Resend it from its quarantine entry.',
    ),
  );
}

/**
 * A valid invoice the store refused as it is: retrying cannot help, so it goes to the invalid
 * channel as PROCESSING_FAILED, where an admin sees why and can resend it corrected.
 */
function refusedByStore(trace: RecordTrace, identity: InvoiceIdentity, error: Error): StoredVerdict {
  return invalidWith(trace, identity, reason('PROCESSING_FAILED', '', `The invoice store refused this invoice as it is (${error.message}); retrying it unchanged cannot succeed.`));
}

function invalidMessageOf(
  deps: ValidateBatchDeps,
  record: IncomingMessage,
  verdict: Extract<StoredVerdict, { kind: 'invalid' }>,
  processedAt: string,
): InvalidInvoiceMessage {
  return buildInvalidInvoiceMessage(record, verdict.reasons, {
    ...verdict.trace,
    detectedAt: new Date(processedAt),
    validator: deps.validator,
    maxPayloadBytes: deps.maxPayloadBytes,
  });
}

function outcomeOf(record: IncomingMessage, verdict: DecidedVerdict, processedAt: string): RecordOutcome {
  const base = {
    record,
    messageId: verdict.trace.messageId,
    correlationId: verdict.trace.correlationId,
    ...(verdict.trace.causationId ? { causationId: verdict.trace.causationId } : {}),
    ...(verdict.trace.source ? { source: verdict.trace.source } : {}),
    ...(verdict.trace.clientId ? { clientId: verdict.trace.clientId } : {}),
    acceptedAt: verdict.trace.submittedAt,
    origin: record.origin,
    processedAt,
    ...(verdict.identity ? { invoice: verdict.identity } : {}),
  };
  if (verdict.kind === 'invalid') return { ...base, status: 'INVALID', reasons: verdict.reasons };
  return { ...base, status: verdict.kind === 'stored' ? 'STORED' : 'DUPLICATE' };
}


/** Each item with the one before it: [a, b, c] gives [a, b], [b, c]. */
function pairs<T>(items: T[]): Array<[T, T]> {
  return items.slice(1).map((item, index) => [items[index] as T, item]);
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
