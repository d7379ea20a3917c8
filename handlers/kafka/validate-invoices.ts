/**
 * Kafka-triggered entry point (MSK or self-managed event source mapping, group
 * invoice-validator): validates the batch, stores or quarantines every record and logs one
 * line per record with its outcome. It answers with a partial batch response naming the
 * records it could not settle (a store failed for them), so the event source mapping
 * delivers those again and commits the rest. Throwing, for an event it cannot read at all,
 * fails the whole batch.
 */
import middy from '@middy/core';
import { kafkaBatchResponse, type KafkaBatchResponse } from '../../lib/adapters/kafka/kafka-batch-response';
import { decodeLambdaKafkaEvent } from '../../lib/adapters/kafka/lambda-kafka-event';
import { logValidatorOutcomes } from '../../lib/logging/message-lines';
import { countValidatorOutcomes, pipelineMetrics, publishMetrics, type PipelineMetrics } from '../../lib/metrics/pipeline-metrics';
import { lambdaLogging, log } from '../../lib/observability';
import { validateInvoiceBatch, type ValidateBatchDeps } from '../../lib/use-cases/validate-invoice-batch';
import { validatorDeps } from '../validator-deps';

/**
 * The handler over the given collaborators (tests pass fakes; Lambda gets the real ones).
 *
 * @example
 * const response = await createValidateInvoicesHandler(deps)(mskEvent, context);
 */
export function createValidateInvoicesHandler(deps: ValidateBatchDeps & { metrics: PipelineMetrics }) {
  return middy<unknown, KafkaBatchResponse>()
    .use(lambdaLogging())
    .use(publishMetrics(deps.metrics))
    .handler(async (event) => {
      const result = await validateInvoiceBatch(deps, decodeLambdaKafkaEvent(event));
      logValidatorOutcomes(log, result);
      countValidatorOutcomes(deps.metrics, result);
      return kafkaBatchResponse(result.unsettled.map(({ record }) => record.origin));
    });
}

export const handler = createValidateInvoicesHandler({ ...validatorDeps(), metrics: pipelineMetrics() });
