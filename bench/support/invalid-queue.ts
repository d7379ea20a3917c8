/**
 * Waits for the shared invalid-invoices queue to empty, so the quarantine of one
 * pipeline run (10 % of its invoices, handled by quarantineInvalid after the clock
 * stopped) does not take CPU from the next run on a 2-core machine.
 */
import { GetQueueAttributesCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { INFRASTRUCTURE } from '../../lib/infrastructure';

const ATTRIBUTES = ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] as const;

/** Resolves with how long it waited; gives up (without failing) after timeoutMs, returning -1. */
export async function waitForInvalidQueueToDrain(sqs: SQSClient, timeoutMs: number): Promise<number> {
  const started = Date.now();
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: INFRASTRUCTURE.queues.invalidInvoices }));
  while (Date.now() - started < timeoutMs) {
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: [...ATTRIBUTES] }));
    const waiting = ATTRIBUTES.reduce((sum, name) => sum + Number(Attributes[name] ?? 0), 0);
    if (waiting === 0) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return -1;
}
