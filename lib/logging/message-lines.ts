/**
 * The log lines the architecture asks for: one structured line per message sent and per
 * message received, with its messageId, correlationId, client, where it sits and its outcome.
 * No invoice content beyond its identity goes into a line. The handlers call these, so the
 * shape of a line is written once.
 */
import type { Log } from '../ports/log';
import type { MessageOutcome } from '../ports/message-log';
import type { DeliveryOutcome } from '../use-cases/quarantine-invalid';
import type { BatchResult } from '../use-cases/validate-invoice-batch';

type LogError = Log & { error?(message: string, fields?: Record<string, unknown>): void };

/** "message sent", once per message the API put on the topic. */
export function logMessagesSent(log: Log, receipts: Array<{ messageId: string; correlationId: string; topic: string; partition: number; offset: string }>): void {
  for (const receipt of receipts) log.info('message sent', { ...receipt, outcome: 'ACCEPTED' });
}

/** "message received", once per record of the validator's batch: its outcome, or RETRY when it was left unsettled. */
export function logValidatorOutcomes(log: Log, { settled, unsettled }: BatchResult): void {
  for (const outcome of settled) {
    log.info('message received', {
      ...lineOf(outcome),
      outcome: outcome.status,
      ...(outcome.reasons ? { codes: [...new Set(outcome.reasons.map((reason) => reason.code))] } : {}),
    });
  }
  for (const { record, messageId, correlationId, error } of unsettled) {
    log.warn('message received', { messageId, correlationId, ...record.origin, outcome: 'RETRY', error: error.message });
  }
}

/** "message received", once per record settled from the failure topic. */
export function logSettledOutcomes(log: Log, outcomes: MessageOutcome[]): void {
  for (const outcome of outcomes) {
    const failed = outcome.reasons?.some((reason) => reason.code === 'PROCESSING_FAILED') ?? false;
    const line = { ...lineOf(outcome), outcome: failed ? 'PROCESSING_FAILED' : outcome.status };
    if (failed) log.warn('message received', line);
    else log.info('message received', line);
  }
}

/** "message received", once per delivery of the invalid channel to the quarantine. */
export function logQuarantineOutcomes(log: LogError, outcomes: DeliveryOutcome[]): void {
  for (const outcome of outcomes) {
    if ('entry' in outcome) {
      const { entry } = outcome;
      log.info('message received', {
        messageId: entry.messageId,
        correlationId: entry.correlationId,
        ...(entry.clientId ? { clientId: entry.clientId } : {}),
        topic: entry.source.topic,
        partition: entry.source.partition,
        offset: entry.source.offset,
        outcome: outcome.outcome,
        category: entry.category,
        codes: entry.codes,
      });
    } else {
      log.warn('message received', { messageId: outcome.messageId, outcome: outcome.outcome, error: outcome.error });
    }
  }
}

function lineOf(outcome: MessageOutcome) {
  return { messageId: outcome.messageId, correlationId: outcome.correlationId, ...(outcome.clientId ? { clientId: outcome.clientId } : {}), ...outcome.origin };
}
