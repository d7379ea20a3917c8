/**
 * In-memory fakes of the ports, for use-case tests: they behave like the real stores
 * (conditional writes, idempotency) and can be told to fail like an unreachable one.
 */
import type { InvalidInvoiceMessage } from '../../lib/domain/invalid-invoice-message';
import { identityKey, type InvoiceIdentity } from '../../lib/domain/invoice-identity';
import { PublisherUnavailableError, StoreUnavailableError } from '../../lib/errors';
import type { PipelineMetrics } from '../../lib/metrics/pipeline-metrics';
import type { AdminNotifier, QuarantinedItem } from '../../lib/ports/admin-notifier';
import type { ClientRegistry, NewKey, RegisteredClient } from '../../lib/ports/client-registry';
import type { InvalidChannel } from '../../lib/ports/invalid-channel';
import type { FailedItems } from '../../lib/ports/failed-items';
import type { Log } from '../../lib/ports/log';
import type { InvoicePublisher, OutgoingInvoiceRecord, PublishReceipt } from '../../lib/ports/invoice-publisher';
import type { FenceAttempt, InvoiceStore, StoreAttempt, StoreFailure, StoredInvoice } from '../../lib/ports/invoice-store';
import type { AcceptedMessage, MessageEntry, MessageLog, MessageLookup, MessageOutcome } from '../../lib/ports/message-log';
import {
  listItemOf,
  type ChangeAttempt,
  type Quarantine,
  type QuarantineAttempt,
  type QuarantineCounts,
  type QuarantineEntry,
  type QuarantineFilter,
  type QuarantineHistoryEntry,
  type QuarantinePage,
  type StatusChange,
} from '../../lib/ports/quarantine';

/** Something that can be told to fail its next calls, or only the items `failOn` picks. */
class Breakable<TItem = never> {
  failing = false;
  failOn: (item: TItem) => boolean = () => false;
  /** The error a failure raises: an outage by default; a test may make it a refusal. */
  failure: (what: string) => Error = (what) => new StoreUnavailableError(`${what} is unreachable (test)`);
  protected check(what: string): void {
    if (this.failing) throw this.failure(what);
  }
  /** A batch write's report: every item failed while failing, else the items failOn picks. */
  protected partition(what: string, items: TItem[]): { written: TItem[]; failed: Map<number, Error> } {
    const failed = new Map<number, Error>();
    const written: TItem[] = [];
    items.forEach((item, index) => {
      if (this.failing || this.failOn(item)) failed.set(index, this.failure(what));
      else written.push(item);
    });
    return { written, failed };
  }
}

export class InMemoryInvoiceStore extends Breakable<StoredInvoice> implements InvoiceStore {
  readonly items = new Map<string, StoredInvoice>();
  async storeIfAbsent(invoice: StoredInvoice): Promise<StoreAttempt> {
    this.check('invoice store');
    if (this.failOn(invoice)) throw this.failure('invoice store');
    const existing = this.items.get(identityKey(invoice));
    if (existing) return { created: false, existing };
    if (this.fences.get(identityKey(invoice))?.has(invoice.messageId)) return { created: false, fenced: true };
    this.items.set(identityKey(invoice), invoice);
    this.fences.delete(identityKey(invoice));
    return { created: true };
  }
  /** Message ids fenced out of an identity that holds no invoice yet. */
  readonly fences = new Map<string, Set<string>>();
  async fenceOut(identity: InvoiceIdentity, messageId: string): Promise<FenceAttempt> {
    this.check('invoice store');
    const existing = this.items.get(identityKey(identity));
    if (existing) return { fenced: false, existing };
    this.fences.set(identityKey(identity), new Set([...(this.fences.get(identityKey(identity)) ?? []), messageId]));
    return { fenced: true };
  }
  async storeAllIfAbsent(invoices: StoredInvoice[]): Promise<Array<StoreAttempt | StoreFailure>> {
    const attempts: Array<StoreAttempt | StoreFailure> = [];
    for (const invoice of invoices) attempts.push(await this.storeIfAbsent(invoice).catch((error: unknown) => ({ failed: error as Error })));
    return attempts;
  }
  async get(identity: InvoiceIdentity) {
    this.check('invoice store');
    return this.items.get(identityKey(identity));
  }
}

export class InMemoryInvalidChannel extends Breakable<InvalidInvoiceMessage> implements InvalidChannel {
  readonly sent: InvalidInvoiceMessage[] = [];
  async send(messages: InvalidInvoiceMessage[]): Promise<FailedItems> {
    const { written, failed } = this.partition('invalid channel', messages);
    this.sent.push(...written);
    return failed;
  }
}

export class InMemoryMessageLog extends Breakable<MessageOutcome> implements MessageLog, MessageLookup {
  readonly entries = new Map<string, MessageEntry>();
  async recordAccepted(message: AcceptedMessage) {
    this.check('message log');
    if (!this.entries.has(message.messageId)) this.entries.set(message.messageId, { ...message, status: 'ACCEPTED' });
  }
  async recordOutcomes(outcomes: MessageOutcome[]): Promise<FailedItems> {
    const { written, failed } = this.partition('message log', outcomes);
    // As DynamoDbMessageLog: a STORED outcome whose ACCEPTED entry names the invoice is not written.
    for (const outcome of written) if (!this.namesItsInvoice(outcome)) this.entries.set(outcome.messageId, outcome);
    return failed;
  }
  private namesItsInvoice(outcome: MessageOutcome): boolean {
    const logged = this.entries.get(outcome.messageId);
    return (
      outcome.status === 'STORED' &&
      logged?.status === 'ACCEPTED' &&
      logged.invoice !== undefined &&
      logged.invoice.issuerTaxId === outcome.invoice?.issuerTaxId &&
      logged.invoice.invoiceNumber === outcome.invoice.invoiceNumber
    );
  }
  async get(messageId: string) {
    return this.entries.get(messageId);
  }
  async getMany(messageIds: string[]) {
    return messageIds.flatMap((messageId) => (this.entries.has(messageId) ? [this.entries.get(messageId) as MessageEntry] : []));
  }
  async findByCorrelationId(correlationId: string, limit: number) {
    return [...this.entries.values()].filter((entry) => entry.correlationId === correlationId).map((entry) => entry.messageId).slice(0, limit);
  }
  async findByInvoice(identity: InvoiceIdentity, limit: number) {
    return [...this.entries.values()]
      // As the index holds them: the STORED message is named by the stored invoice instead.
      .filter((entry) => entry.status !== 'STORED' && entry.invoice?.issuerTaxId === identity.issuerTaxId && entry.invoice.invoiceNumber === identity.invoiceNumber)
      .map((entry) => entry.messageId)
      .slice(0, limit);
  }
}

export class InMemoryQuarantine extends Breakable implements Quarantine {
  readonly entries = new Map<string, QuarantineEntry>();
  async addIfAbsent(entry: QuarantineEntry): Promise<QuarantineAttempt> {
    this.check('quarantine');
    const existing = this.entries.get(entry.messageId);
    if (existing) return { added: false, existing };
    this.entries.set(entry.messageId, { ...entry });
    return { added: true };
  }
  async markNotified(messageIds: string[]) {
    this.check('quarantine');
    for (const id of messageIds) {
      const entry = this.entries.get(id);
      if (entry) entry.notified = true;
    }
  }
  async get(messageId: string) {
    const entry = this.entries.get(messageId);
    return entry ? structuredClone(entry) : undefined;
  }
  async list(filter: QuarantineFilter, page: { limit: number; cursor?: string }): Promise<QuarantinePage> {
    const matching = [...this.entries.values()]
      .filter((entry) => (!filter.status || entry.status === filter.status) && (!filter.category || entry.category === filter.category))
      .filter((entry) => !filter.code || entry.codes.includes(filter.code))
      .filter((entry) => !filter.clientId || entry.clientId === filter.clientId)
      .sort((a, b) => b.quarantinedAt.localeCompare(a.quarantinedAt));
    const start = page.cursor ? Number(page.cursor) : 0;
    const items = matching.slice(start, start + page.limit).map(listItemOf);
    return start + page.limit < matching.length ? { items, nextCursor: String(start + page.limit) } : { items };
  }
  async counts(filter: Pick<QuarantineFilter, 'status'>): Promise<QuarantineCounts> {
    const counts: QuarantineCounts = { total: 0, byStatus: {}, byCategory: {}, byCode: {} };
    for (const entry of this.entries.values()) {
      if (filter.status && entry.status !== filter.status) continue;
      counts.total += 1;
      counts.byStatus[entry.status] = (counts.byStatus[entry.status] ?? 0) + 1;
      counts.byCategory[entry.category] = (counts.byCategory[entry.category] ?? 0) + 1;
      for (const code of entry.codes) counts.byCode[code] = (counts.byCode[code] ?? 0) + 1;
    }
    return counts;
  }
  async changeIfPending(messageId: string, change: StatusChange): Promise<ChangeAttempt> {
    this.check('quarantine');
    const entry = this.entries.get(messageId);
    if (!entry) return 'missing';
    if (entry.status !== 'PENDING') return 'not-pending';
    entry.status = change.status;
    entry.history.push(change.event);
    if (change.resentAs) entry.resentAs = change.resentAs;
    return 'changed';
  }
  async revertResend(messageId: string, resentAs: string, event: QuarantineHistoryEntry) {
    const entry = this.entries.get(messageId);
    if (entry?.status !== 'RESENT' || entry.resentAs !== resentAs) return;
    entry.status = 'PENDING';
    delete entry.resentAs;
    entry.history.push(event);
  }
  async appendHistory(messageId: string, event: QuarantineHistoryEntry) {
    this.entries.get(messageId)?.history.push(event);
  }
}

export class RecordingNotifier extends Breakable implements AdminNotifier {
  readonly notifications: QuarantinedItem[][] = [];
  async notifyQuarantined(items: QuarantinedItem[]) {
    this.check('SNS');
    this.notifications.push(items);
  }
}

export class InMemoryClientRegistry extends Breakable implements ClientRegistry {
  readonly clients = new Map<string, RegisteredClient>();
  lookups = 0;
  async add(client: RegisteredClient) {
    this.check('client registry');
    if (this.clients.has(client.clientId)) return false;
    this.clients.set(client.clientId, { ...client });
    return true;
  }
  async get(clientId: string) {
    const client = this.clients.get(clientId);
    return client ? { ...client } : undefined;
  }
  async list() {
    return [...this.clients.values()].sort((a, b) => a.clientId.localeCompare(b.clientId));
  }
  async findByKeyHash(keyHash: string) {
    this.check('client registry');
    this.lookups += 1;
    return [...this.clients.values()].find((client) => client.keyHash === keyHash || client.previousKeyHash === keyHash);
  }
  async revoke(clientId: string, revokedAt: string) {
    const client = this.clients.get(clientId);
    if (client && client.status === 'ACTIVE') Object.assign(client, { status: 'REVOKED', revokedAt });
    return client ? { ...client } : undefined;
  }
  async replaceKey(clientId: string, key: NewKey) {
    const client = this.clients.get(clientId);
    if (client) Object.assign(client, key);
    return client ? { ...client } : undefined;
  }
}

/** A Log that keeps its lines, for use cases' tests (and prints nothing). */
export class RecordingLog implements Log {
  readonly lines: Array<{ level: 'info' | 'warn'; message: string; fields?: Record<string, unknown> }> = [];
  info(message: string, fields?: Record<string, unknown>) {
    this.lines.push({ level: 'info', message, ...(fields ? { fields } : {}) });
  }
  warn(message: string, fields?: Record<string, unknown>) {
    this.lines.push({ level: 'warn', message, ...(fields ? { fields } : {}) });
  }
}

/** A broker that keeps what it is given, in order; `failing` makes it refuse like an unreachable one. */
export class RecordingPublisher implements InvoicePublisher {
  readonly published: OutgoingInvoiceRecord[] = [];
  failing = false;
  constructor(private readonly partition = 2) {}
  async publish(record: OutgoingInvoiceRecord): Promise<PublishReceipt> {
    // A turn of the event loop, as a real send takes: concurrent publishes interleave.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.failing) throw new PublisherUnavailableError('broker down (test)');
    this.published.push(record);
    return { topic: 'invoices', partition: this.partition, offset: String(this.published.length - 1) };
  }
  async publishMany(records: OutgoingInvoiceRecord[]): Promise<PublishReceipt[]> {
    return Promise.all(records.map((record) => this.publish(record)));
  }
}

/** Powertools Metrics as the handlers use it, keeping each count with its dimensions (published or not). */
export class RecordingMetrics implements PipelineMetrics {
  readonly counted: Array<{ name: string; value: number; dimensions: Record<string, string> }> = [];
  private stored = 0;
  published = 0;
  addMetric(name: string, _unit: unknown, value: number): void {
    this.counted.push({ name, value, dimensions: {} });
    this.stored += 1;
  }
  singleMetric() {
    const dimensions: Record<string, string> = {};
    return {
      addDimensions: (added: Record<string, string>) => void Object.assign(dimensions, added),
      addMetric: (name: string, _unit: unknown, value: number) => void this.counted.push({ name, value, dimensions }),
    };
  }
  hasStoredMetrics(): boolean {
    return this.stored > 0;
  }
  publishStoredMetrics(): void {
    this.published += this.stored;
    this.stored = 0;
  }
  /** The total of one metric, over the given dimension value when there is one. */
  total(name: string, dimensions: Record<string, string> = {}): number {
    return this.counted
      .filter((count) => count.name === name && Object.entries(dimensions).every(([key, value]) => count.dimensions[key] === value))
      .reduce((sum, count) => sum + count.value, 0);
  }
}
