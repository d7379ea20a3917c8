/**
 * Quarantine the messages of the invalid channel.
 * Input: a batch of deliveries from the channel (an id for the delivery and the raw body).
 * Output: the deliveries that could not be taken, so only those come back.
 * Steps: read each body as an invalid-invoice message; add it to the quarantine as PENDING
 * unless it is there already (idempotent per message id); notify admins once for every
 * entry of the batch they have not been told about; mark those entries notified.
 * A redelivered message therefore never makes a second entry or a second notification.
 */
import { invalidInvoiceMessageSchema, type InvalidInvoiceMessage } from '../domain/invalid-invoice-message';
import { identityOfInvalidMessage } from '../domain/invalid-message-identity';
import { codesOf, primaryCategory } from '../domain/reasons';
import type { AdminNotifier } from '../ports/admin-notifier';
import type { Quarantine, QuarantineEntry } from '../ports/quarantine';

export interface ChannelDelivery {
  deliveryId: string;
  body: string;
}

export interface QuarantineDeps {
  quarantine: Quarantine;
  notifier: AdminNotifier;
  now: () => Date;
}

export type DeliveryOutcome =
  | { deliveryId: string; outcome: 'QUARANTINED' | 'ALREADY_QUARANTINED'; entry: QuarantineEntry }
  | { deliveryId: string; outcome: 'UNREADABLE' | 'FAILED'; error: string; messageId?: string };

export interface QuarantineResult {
  outcomes: DeliveryOutcome[];
  failedDeliveryIds: string[];
}

export async function quarantineInvalid(deps: QuarantineDeps, deliveries: ChannelDelivery[]): Promise<QuarantineResult> {
  const quarantinedAt = deps.now().toISOString();
  const outcomes = await Promise.all(deliveries.map((delivery) => quarantineOne(deps.quarantine, delivery, quarantinedAt)));

  const unnotified = outcomes.filter(
    (outcome): outcome is Extract<DeliveryOutcome, { entry: QuarantineEntry }> => 'entry' in outcome && !outcome.entry.notified,
  );
  // A message delivered twice in one batch (the validator sent it again on a retry) is told once.
  const toNotify = [...new Map(unnotified.map((outcome) => [outcome.entry.messageId, outcome.entry])).values()];
  const notifyError = await notify(deps, toNotify).then(
    () => undefined,
    (error: unknown) => error as Error,
  );
  // Entries whose notification failed are delivered again, and notified then.
  const final = notifyError
    ? outcomes.map((outcome): DeliveryOutcome =>
        unnotified.includes(outcome as (typeof unnotified)[number])
          ? { deliveryId: outcome.deliveryId, outcome: 'FAILED', error: notifyError.message }
          : outcome,
      )
    : outcomes;
  const failedDeliveryIds = final
    .filter((outcome) => outcome.outcome === 'UNREADABLE' || outcome.outcome === 'FAILED')
    .map((outcome) => outcome.deliveryId);
  return { outcomes: final, failedDeliveryIds };
}

async function quarantineOne(quarantine: Quarantine, delivery: ChannelDelivery, quarantinedAt: string): Promise<DeliveryOutcome> {
  const message = readMessage(delivery.body);
  if (!message.ok) return { deliveryId: delivery.deliveryId, outcome: 'UNREADABLE', error: message.error };
  try {
    const entry = newEntry(message.value, quarantinedAt);
    const attempt = await quarantine.addIfAbsent(entry);
    return attempt.added
      ? { deliveryId: delivery.deliveryId, outcome: 'QUARANTINED', entry }
      : { deliveryId: delivery.deliveryId, outcome: 'ALREADY_QUARANTINED', entry: attempt.existing };
  } catch (error) {
    return { deliveryId: delivery.deliveryId, outcome: 'FAILED', error: (error as Error).message, messageId: message.value.messageId };
  }
}

async function notify(deps: QuarantineDeps, entries: QuarantineEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await deps.notifier.notifyQuarantined(
    entries.map((entry) => ({
      messageId: entry.messageId,
      correlationId: entry.correlationId,
      ...(entry.clientId ? { clientId: entry.clientId } : {}),
      ...(entry.invoiceNumber ? { invoiceNumber: entry.invoiceNumber } : {}),
      category: entry.category,
      codes: entry.codes,
    })),
  );
  await deps.quarantine.markNotified(entries.map((entry) => entry.messageId));
}

function newEntry(message: InvalidInvoiceMessage, quarantinedAt: string): QuarantineEntry {
  const identity = identityOfInvalidMessage(message);
  return {
    ...message,
    status: 'PENDING',
    category: primaryCategory(message.reasons),
    codes: codesOf(message.reasons),
    ...(identity ? { issuerTaxId: identity.issuerTaxId, invoiceNumber: identity.invoiceNumber } : {}),
    quarantinedAt,
    notified: false,
    history: [{ at: quarantinedAt, action: 'QUARANTINED', by: 'quarantineInvalid' }],
  };
}

function readMessage(body: string): { ok: true; value: InvalidInvoiceMessage } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, error: 'the body is not JSON' };
  }
  const parsed = invalidInvoiceMessageSchema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, error: `the body is not an invalid-invoice message: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}` };
  }
  return { ok: true, value: parsed.data };
}
