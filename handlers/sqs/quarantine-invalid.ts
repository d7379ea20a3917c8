/**
 * SQS-triggered entry point for the invalid channel: quarantines each invalid invoice,
 * notifies admins once per batch, and reports the messages it could not take as batch item
 * failures, so only those come back (and reach the DLQ after the queue's maxReceiveCount).
 */
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createDocumentClient } from '../../lib/adapters/dynamodb/document-client';
import { DynamoDbQuarantine, quarantineTables } from '../../lib/adapters/dynamodb/dynamodb-quarantine';
import { SnsAdminNotifier } from '../../lib/adapters/sns/sns-admin-notifier';
import { getConfig } from '../../lib/config';
import { logQuarantineOutcomes } from '../../lib/logging/message-lines';
import { countQuarantined, pipelineMetrics, publishMetrics, type PipelineMetrics } from '../../lib/metrics/pipeline-metrics';
import { lambdaLogging, log } from '../../lib/observability';
import { quarantineInvalid, type QuarantineDeps } from '../../lib/use-cases/quarantine-invalid';

type Deps = QuarantineDeps & { metrics: PipelineMetrics };

async function quarantineInvalidHandler(deps: Deps, event: SQSEvent): Promise<SQSBatchResponse> {
  const result = await quarantineInvalid(
    deps,
    event.Records.map((record) => ({ deliveryId: record.messageId, body: record.body })),
  );
  logQuarantineOutcomes(log, result.outcomes);
  countQuarantined(deps.metrics, result.outcomes);
  return { batchItemFailures: result.failedDeliveryIds.map((itemIdentifier) => ({ itemIdentifier })) };
}

/**
 * The handler over the given collaborators (tests pass fakes; Lambda gets the real ones).
 *
 * @example
 * const { batchItemFailures } = await createQuarantineInvalidHandler(deps)(sqsEvent, context);
 */
export function createQuarantineInvalidHandler(deps: Deps) {
  return middy<SQSEvent, SQSBatchResponse>()
    .use(lambdaLogging())
    .use(publishMetrics(deps.metrics))
    .handler((event) => quarantineInvalidHandler(deps, event));
}

// The composition root: the quarantine table and the admin alerts topic, once per container.
export const handler = createQuarantineInvalidHandler({
  quarantine: new DynamoDbQuarantine(createDocumentClient(), quarantineTables()),
  notifier: new SnsAdminNotifier(getConfig().ADMIN_ALERTS_TOPIC_ARN),
  now: () => new Date(),
  metrics: pipelineMetrics(),
});
