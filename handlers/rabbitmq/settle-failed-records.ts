/**
 * Amazon MQ for RabbitMQ-triggered entry point for the failed queue (invoices.failed): every
 * message the invoices queue dead-lettered after its delivery limit goes to the invalid
 * channel as PROCESSING_FAILED with its original payload and ids, as a Kafka record the
 * trigger gave up on does, so it is never lost and an admin can resend it. Throwing fails the
 * batch, which the broker delivers again until it succeeds (the failed queue has no limit).
 */
import middy from '@middy/core';
import { readDeadLetteredDeliveries } from '../../lib/adapters/rabbitmq/dead-lettered-messages';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import { logSettledOutcomes } from '../../lib/logging/message-lines';
import { countProcessingFailed, pipelineMetrics, publishMetrics, type PipelineMetrics } from '../../lib/metrics/pipeline-metrics';
import { lambdaLogging, log } from '../../lib/observability';
import { settleFailedRecords, type SettleFailedDeps } from '../../lib/use-cases/settle-failed-records';
import { validatorDeps } from '../validator-deps';

/**
 * The handler over the given collaborators (tests pass fakes; Lambda gets the real ones).
 *
 * @example
 * await createSettleDeadLetteredHandler(deps)(eventFromInvoicesFailed, context);
 */
export function createSettleDeadLetteredHandler(deps: SettleFailedDeps & { metrics: PipelineMetrics }) {
  return middy<unknown, void>()
    .use(lambdaLogging())
    .use(publishMetrics(deps.metrics))
    .handler(async (event) => {
      const outcomes = await settleFailedRecords(deps, readDeadLetteredDeliveries(event, deps.now(), INFRASTRUCTURE.rabbitmq.deliveryLimit));
      logSettledOutcomes(log, outcomes);
      countProcessingFailed(deps.metrics, outcomes);
    });
}

export const handler = createSettleDeadLetteredHandler({ ...validatorDeps(), metrics: pipelineMetrics() });
