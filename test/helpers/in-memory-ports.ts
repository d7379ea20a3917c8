/**
 * In-memory fakes of the ports, for use-case tests: they behave like the real stores
 * (conditional writes, idempotency) and can be told to fail like an unreachable one.
 */
import type { InvalidInvoiceMessage } from '../../lib/domain/invalid-invoice-message';
import { identityKey, type InvoiceIdentity } from '../../lib/domain/invoice-identity';
import { StoreUnavailableError } from '../../lib/errors';
import type { AdminNotifier, QuarantinedItem } from '../../lib/ports/admin-notifier';
import type { InvalidChannel } from '../../lib/ports/invalid-channel';
import type { InvoiceStore, StoreAttempt, StoredInvoice } from '../../lib/ports/invoice-store';
import type { AcceptedMessage, MessageEntry, MessageLog, MessageOutcome } from '../../lib/ports/message-log';
import type { Quarantine, QuarantineAttempt, QuarantineEntry } from '../../lib/ports/quarantine';

/** Something that can be told to fail its next calls. */
class Breakable {
  failing = false;
  protected check(what: string): void {
    if (this.failing) throw new StoreUnavailableError(`${what} is unreachable (test)`);
  }
}

export class InMemoryInvoiceStore extends Breakable implements InvoiceStore {
  readonly items = new Map<string, StoredInvoice>();
  async storeIfAbsent(invoice: StoredInvoice): Promise<StoreAttempt> {
    this.check('invoice store');
    const existing = this.items.get(identityKey(invoice));
    if (existing) return { created: false, existing };
    this.items.set(identityKey(invoice), invoice);
    return { created: true };
  }
  async get(identity: InvoiceIdentity) {
    this.check('invoice store');
    return this.items.get(identityKey(identity));
  }
}

export class InMemoryInvalidChannel extends Breakable implements InvalidChannel {
  readonly sent: InvalidInvoiceMessage[] = [];
  async send(messages: InvalidInvoiceMessage[]) {
    if (messages.length > 0) this.check('invalid channel');
    this.sent.push(...messages);
  }
}

export class InMemoryMessageLog extends Breakable implements MessageLog {
  readonly entries = new Map<string, MessageEntry>();
  async recordAccepted(message: AcceptedMessage) {
    this.check('message log');
    if (!this.entries.has(message.messageId)) this.entries.set(message.messageId, { ...message, status: 'ACCEPTED' });
  }
  async recordOutcomes(outcomes: MessageOutcome[]) {
    this.check('message log');
    for (const outcome of outcomes) this.entries.set(outcome.messageId, outcome);
  }
  async get(messageId: string) {
    return this.entries.get(messageId);
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
    return this.entries.get(messageId);
  }
}

export class RecordingNotifier extends Breakable implements AdminNotifier {
  readonly notifications: QuarantinedItem[][] = [];
  async notifyQuarantined(items: QuarantinedItem[]) {
    this.check('SNS');
    this.notifications.push(items);
  }
}
