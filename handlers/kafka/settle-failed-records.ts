/**
 * Kafka-triggered entry point for the on-failure topic (invoices.failed): every record the
 * event source mapping gave up on arrives wrapped in AWS's failure envelope; it is unwrapped
 * and goes to the invalid channel as PROCESSING_FAILED, so it is never lost and an admin can
 * resend it. Throwing fails the batch, which is retried until it succeeds.
 */
import middy from '@middy/core';
import { readFailedDeliveries } from '../../lib/adapters/kafka/kafka-failure-envelope';
import { logSettledOutcomes } from '../../lib/logging/message-lines';
import { countProcessingFailed, pipelineMetrics, publishMetrics, type PipelineMetrics } from '../../lib/metrics/pipeline-metrics';
import { lambdaLogging, log } from '../../lib/observability';
import { settleFailedRecords, type SettleFailedDeps } from '../../lib/use-cases/settle-failed-records';
import { validatorDeps } from '../validator-deps';

/**
 * The handler over the given collaborators (tests pass fakes; Lambda gets the real ones).
 *
 * @example
 * await createSettleFailedRecordsHandler(deps)(eventFromInvoicesFailed, context);
 */
export function createSettleFailedRecordsHandler(deps: SettleFailedDeps & { metrics: PipelineMetrics }) {
  return middy<unknown, void>()
    .use(lambdaLogging())
    .use(publishMetrics(deps.metrics))
    .handler(async (event) => {
      const outcomes = await settleFailedRecords(deps, readFailedDeliveries(event));
      logSettledOutcomes(log, outcomes);
      countProcessingFailed(deps.metrics, outcomes);
    });
}

export const handler = createSettleFailedRecordsHandler({ ...validatorDeps(), metrics: pipelineMetrics() });
