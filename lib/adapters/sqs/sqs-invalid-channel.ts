/**
 * InvalidChannel on the SQS queue invalid-invoices. Messages go out with SendMessageBatch
 * (10 to a request, and under the request size limit); entries SQS refuses are retried, and
 * the call rejects unless every message was taken. Attributes category, codes and
 * correlation-id let consumers route and trace without reading the body.
 */
import { GetQueueUrlCommand, SendMessageBatchCommand, SQSClient, type SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import { chunkBySize } from '../../chunk-by-size';
import type { InvalidInvoiceMessage } from '../../domain/invalid-invoice-message';
import { codesOf, primaryCategory } from '../../domain/reasons';
import { StoreUnavailableError } from '../../errors';
import type { InvalidChannel } from '../../ports/invalid-channel';
import { AWS_CLIENT_OPTIONS } from '../aws-client-options';

const ENTRIES_PER_REQUEST = 10;
const BYTES_PER_REQUEST = 900 * 1024;
const MAX_ROUNDS = 4;

export class SqsInvalidChannel implements InvalidChannel {
  private queueUrl: Promise<string> | undefined;

  constructor(
    private readonly queueName: string,
    private readonly sqs: SQSClient = new SQSClient(AWS_CLIENT_OPTIONS),
  ) {}

  async send(messages: InvalidInvoiceMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const queueUrl = await this.resolveQueueUrl();
    // SQS takes at most 10 entries per request, and a limited size (the envelope counted generously).
    const requests = chunkBySize(messages.map(toEntry), (entry) => Buffer.byteLength(entry.MessageBody ?? '') + 512, {
      maxBytes: BYTES_PER_REQUEST,
      maxCount: ENTRIES_PER_REQUEST,
    });
    await Promise.all(requests.map((entries) => this.sendAll(queueUrl, entries)));
  }

  private async sendAll(queueUrl: string, entries: SendMessageBatchRequestEntry[]): Promise<void> {
    let pending = entries;
    for (let round = 1; pending.length > 0; round += 1) {
      if (round > MAX_ROUNDS) {
        throw new StoreUnavailableError(`SQS ${this.queueName} refused ${pending.length} message(s) after ${MAX_ROUNDS} tries`);
      }
      if (round > 1) await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** round));
      try {
        const { Failed } = await this.sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending }));
        const failedIds = new Set((Failed ?? []).map((failure) => failure.Id));
        pending = pending.filter((entry) => failedIds.has(entry.Id));
      } catch (error) {
        throw new StoreUnavailableError(`could not send to SQS ${this.queueName}: ${(error as Error).message}`, error);
      }
    }
  }

  private resolveQueueUrl(): Promise<string> {
    this.queueUrl ??= this.sqs
      .send(new GetQueueUrlCommand({ QueueName: this.queueName }))
      .then(({ QueueUrl }) => {
        if (!QueueUrl) throw new Error(`no URL for queue ${this.queueName}`);
        return QueueUrl;
      })
      .catch((error: unknown) => {
        this.queueUrl = undefined;
        throw new StoreUnavailableError(`could not find SQS queue ${this.queueName}: ${(error as Error).message}`, error);
      });
    return this.queueUrl;
  }
}

function toEntry(message: InvalidInvoiceMessage, index: number): SendMessageBatchRequestEntry {
  return {
    Id: String(index),
    MessageBody: JSON.stringify(message),
    MessageAttributes: {
      category: { DataType: 'String', StringValue: primaryCategory(message.reasons) },
      codes: { DataType: 'String', StringValue: codesOf(message.reasons).join(',') },
      'correlation-id': { DataType: 'String', StringValue: message.correlationId },
    },
  };
}
