/**
 * The messages on the failed queue (invoices.failed) as FailedDeliveries, the input of
 * settling. RabbitMQ dead-letters a message of the invoices queue after its delivery limit
 * with its body and properties untouched, adding `x-first-death-queue`,
 * `x-first-death-reason` (`delivery_limit`) and `x-death` (RabbitMQ docs "Dead Letter
 * Exchanges", "Quorum Queues: poison message handling"). Such a message is settled as the
 * original: its origin is the queue it died in, its ids its own. Anything else on the failed
 * queue (published there by hand, say) is not a failure report and is quarantined as it came.
 */
import type { FailedDelivery } from '../../domain/failed-delivery';
import { decodeLambdaRmqEvent } from './lambda-rmq-event';

const FIRST_DEATH_QUEUE = 'x-first-death-queue';
const FIRST_DEATH_REASON = 'x-first-death-reason';

/**
 * @example
 * readDeadLetteredDeliveries(event, new Date(), 10).map(({ failure }) => failure.kind) // ['gave-up']
 */
export function readDeadLetteredDeliveries(event: unknown, now: Date, deliveryLimit: number): FailedDelivery[] {
  return decodeLambdaRmqEvent(event, now).map((record): FailedDelivery => {
    const queue = record.headers[FIRST_DEATH_QUEUE];
    const reason = record.headers[FIRST_DEATH_REASON];
    if (!queue || !reason) {
      return { record, failure: { kind: 'not-a-failure-report', problem: `a message on ${record.origin.topic} that RabbitMQ did not dead-letter (no ${FIRST_DEATH_QUEUE} header)` } };
    }
    // The id a message without one got on the invoices queue: that queue's name and the same hash
    // (dead-lettering changes only the broker's x- headers, which the hash leaves out).
    const fallbackId = `${queue}-${record.fallbackId.slice(-32)}`;
    const offset = record.headers['message-id'] ?? fallbackId;
    // A quorum queue dead-letters a message returned more than its delivery limit: the first
    // delivery and `deliveryLimit` more (measured in test/integration/rabbitmq-transport.test.ts).
    const deliveries = deliveryLimit + 1;
    return {
      record: { ...record, origin: { ...record.origin, topic: queue, offset }, fallbackId },
      failure: {
        kind: 'gave-up',
        condition: reason === 'delivery_limit' ? `the queue's delivery limit of ${deliveryLimit} redeliveries was reached` : `dead-lettered by RabbitMQ (${reason})`,
        invocations: reason === 'delivery_limit' ? deliveries : 0,
      },
    };
  });
}
