/**
 * A record the trigger gave up delivering to the validator, and why: the input of
 * settling. The trigger's own failure report is unwrapped by the transport's adapter; what
 * reaches the failure channel without being such a report is kept as it arrived.
 */
import type { IncomingMessage } from './incoming-message';

export type DeliveryFailure =
  /** The trigger stopped trying: retries used up, or the record grew older than it takes. */
  | { kind: 'gave-up'; condition: string; invocations: number }
  /** Something on the failure channel that is not a failure report; `problem` says what is wrong with it. */
  | { kind: 'not-a-failure-report'; problem: string };

export interface FailedDelivery {
  /** The record as it was on its source (for a report), or as it sits on the failure channel. */
  record: IncomingMessage;
  failure: DeliveryFailure;
}
