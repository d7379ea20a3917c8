/**
 * Amazon MQ for RabbitMQ-triggered entry point (the `invoices` queue): validates the batch,
 * stores or quarantines every message, as the Kafka-triggered validator does.
 * Lambda's MQ event source mapping has no partial batch response and no retry limit (AWS
 * Lambda DG "Using Lambda with Amazon MQ"): the batch is settled whole or thrown back whole.
 * So when a store failed for any message, the handler fails the invocation and the broker
 * delivers the batch again; the idempotent stores make the messages already settled change
 * nothing, and the queue's delivery limit dead-letters a message that never settles.
 */
import middy from '@middy/core';
import { decodeLambdaRmqEvent } from '../../lib/adapters/rabbitmq/lambda-rmq-event';
import { StoreUnavailableError } from '../../lib/errors';
import { logValidatorOutcomes } from '../../lib/logging/message-lines';
import { countValidatorOutcomes, pipelineMetrics, publishMetrics, type PipelineMetrics } from '../../lib/metrics/pipeline-metrics';
import { lambdaLogging, log } from '../../lib/observability';
import { validateInvoiceBatch, type ValidateBatchDeps } from '../../lib/use-cases/validate-invoice-batch';
import { validatorDeps } from '../validator-deps';

/**
 * The handler over the given collaborators (tests pass fakes; Lambda gets the real ones).
 *
 * @example
 * await createValidateRabbitMqInvoicesHandler(deps)(rmqEvent, context); // throws when a message could not be settled
 */
export function createValidateRabbitMqInvoicesHandler(deps: ValidateBatchDeps & { metrics: PipelineMetrics }) {
  return middy<unknown, void>()
    .use(lambdaLogging())
    .use(publishMetrics(deps.metrics))
    .handler(async (event) => {
      const result = await validateInvoiceBatch(deps, decodeLambdaRmqEvent(event, deps.now()));
      logValidatorOutcomes(log, result);
      countValidatorOutcomes(deps.metrics, result);
      const [first] = result.unsettled;
      if (first) {
        throw new StoreUnavailableError(`${result.unsettled.length} message(s) of the batch could not be settled (first ${first.messageId}: ${first.error.message}); the broker delivers the batch again`, first.error);
      }
    });
}

export const handler = createValidateRabbitMqInvoicesHandler({ ...validatorDeps(), metrics: pipelineMetrics() });
