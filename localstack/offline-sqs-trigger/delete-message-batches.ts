/**
 * Deletes received messages with DeleteMessageBatch, ten entries per call (the SQS
 * limit), and reports which were not deleted instead of throwing: the caller decides
 * whether to retry, and a message left undeleted is never lost, only received again.
 */
import { DeleteMessageBatchCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { messageOf } from './error-message';

const MAX_ENTRIES = 10;

export interface DeleteResult {
  notDeleted: Message[];
  /** Distinct reasons, for the log. */
  errors: string[];
}

/**
 * @example
 * const { notDeleted } = await deleteMessageBatches(new SQSClient({}), queueUrl, messages);
 */
export async function deleteMessageBatches(sqs: SQSClient, queueUrl: string, messages: Message[]): Promise<DeleteResult> {
  const notDeleted: Message[] = [];
  const errors = new Set<string>();
  for (let start = 0; start < messages.length; start += MAX_ENTRIES) {
    const chunk = messages.slice(start, start + MAX_ENTRIES);
    try {
      const { Failed = [] } = await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          // Ids only need to be unique within one call: the index maps a failure back to its message.
          Entries: chunk.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
        }),
      );
      for (const failure of Failed) {
        const message = chunk[Number(failure.Id)];
        if (message) notDeleted.push(message);
        errors.add(`${failure.Code}: ${failure.Message ?? ''}`);
      }
    } catch (error) {
      notDeleted.push(...chunk);
      errors.add(messageOf(error));
    }
  }
  return { notDeleted, errors: [...errors] };
}
