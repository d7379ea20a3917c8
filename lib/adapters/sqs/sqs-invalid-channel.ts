/**
 * InvalidChannel on the SQS queue invalid-invoices. Messages go out with SendMessageBatch
 * (10 to a request, and under the request size limit); entries SQS refuses are retried, and
 * the call resolves with the messages it could not get into the queue. Attributes category, codes and
 * correlation-id let consumers route and trace without reading the body.
 */
import { GetQueueUrlCommand, SendMessageBatchCommand, SQSClient, type SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import { chunkBySize } from '../../chunk-by-size';
import type { InvalidInvoiceMessage } from '../../domain/invalid-invoice-message';
import { codesOf, primaryCategory } from '../../domain/reasons';
import { StoreUnavailableError } from '../../errors';
import type { FailedItems } from '../../ports/failed-items';
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

  async send(messages: InvalidInvoiceMessage[]): Promise<FailedItems> {
    if (messages.length === 0) return new Map();
    const entries = messages.map(toEntry);
    let queueUrl: string;
    try {
      queueUrl = await this.resolveQueueUrl();
    } catch (error) {
      return new Map(entries.map((_, index) => [index, error as Error]));
    }
    // SQS takes at most 10 entries per request, and a limited size (the envelope counted generously).
    const requests = chunkBySize(entries, (entry) => Buffer.byteLength(entry.MessageBody ?? '') + 512, {
      maxBytes: BYTES_PER_REQUEST,
      maxCount: ENTRIES_PER_REQUEST,
    });
    const failed = new Map<number, Error>();
    await Promise.all(
      requests.map(async (request) => {
        for (const [entry, error] of await this.sendAll(queueUrl, request)) failed.set(Number(entry.Id), error);
      }),
    );
    return failed;
  }

  /** Sends one request's entries, retrying those SQS refuses; resolves with what never got in. */
  private async sendAll(queueUrl: string, entries: SendMessageBatchRequestEntry[]): Promise<Map<SendMessageBatchRequestEntry, Error>> {
    let pending = entries;
    let lastRefusal = '';
    for (let round = 1; pending.length > 0; round += 1) {
      if (round > MAX_ROUNDS) {
        const error = new StoreUnavailableError(`SQS ${this.queueName} refused the message after ${MAX_ROUNDS} tries (${lastRefusal})`);
        return new Map(pending.map((entry) => [entry, error]));
      }
      if (round > 1) await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** round));
      try {
        const { Failed = [] } = await this.sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending }));
        const failedIds = new Set(Failed.map((failure) => failure.Id));
        lastRefusal = Failed.map((failure) => `${failure.Code}: ${failure.Message ?? ''}`).join('; ');
        pending = pending.filter((entry) => failedIds.has(entry.Id));
      } catch (error) {
        const unavailable = new StoreUnavailableError(`could not send to SQS ${this.queueName}: ${(error as Error).message}`, error);
        return new Map(pending.map((entry) => [entry, unavailable]));
      }
    }
    return new Map();
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
