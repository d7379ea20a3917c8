/**
 * The local SQS trigger against LocalStack: it delivers Lambda-shaped SQS events, deletes
 * what the handler accepted, and leaves what failed on the queue to be received again.
 * Each test has its own queue, with a short visibility timeout so failures come back fast.
 */
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  SendMessageBatchCommand,
  SQSClient,
  type MessageAttributeValue,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { applyLocalEnv } from '../../localstack/local-env';
import type { InvokeFunction } from '../../localstack/offline-lambda-invoker';
import { SqsTriggerPoller, type SqsTriggerLogLine } from '../../localstack/offline-sqs-trigger/sqs-trigger-poller';
import type { SqsTriggerSettings } from '../../localstack/offline-sqs-trigger/sqs-trigger-settings';
import { uniqueName, waitFor } from '../helpers/wait-for';

type SqsInvokeHandler = InvokeFunction<SQSEvent>;

applyLocalEnv();
const sqs = new SQSClient({});
const FAST_BACKOFF = { initialMs: 100, maxMs: 500 };

interface TestQueue {
  name: string;
  url: string;
  arn: string;
}

function settingsFor(queueName: string, overrides: Partial<SqsTriggerSettings> = {}): SqsTriggerSettings {
  return {
    functionKey: 'testHandler',
    functionName: 'test-handler',
    queueName,
    batchSize: 10,
    maximumBatchingWindowInSeconds: 1,
    reportBatchItemFailures: false,
    ...overrides,
  };
}

async function sendMessages(queue: TestQueue, bodies: string[], attributes: Record<string, MessageAttributeValue> = {}): Promise<void> {
  const { Failed = [] } = await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: queue.url,
      Entries: bodies.map((body, index) => ({ Id: String(index), MessageBody: body, MessageAttributes: attributes })),
    }),
  );
  if (Failed.length > 0) throw new Error(`could not send ${Failed.length} message(s)`);
}

/** Visible plus in flight: zero only once every message was deleted. */
async function messagesLeft(queue: TestQueue): Promise<number> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queue.url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible);
}

function bodiesOf(events: SQSEvent[]): string[] {
  return events.flatMap((event) => event.Records.map((record) => record.body));
}

describe('offline SQS trigger', () => {
  const queues: TestQueue[] = [];
  const pollers: SqsTriggerPoller[] = [];

  /** `visibilityTimeout`: 1 s by default, so failures come back fast; longer where a slow machine must not see a message twice. */
  async function createQueue(prefix: string, visibilityTimeout = 1): Promise<TestQueue> {
    const name = uniqueName(prefix);
    const { QueueUrl: url } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: String(visibilityTimeout) } }));
    if (!url) throw new Error(`no URL for ${name}`);
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
    const queue = { name, url, arn: Attributes?.QueueArn ?? '' };
    queues.push(queue);
    return queue;
  }

  function startPoller(settings: SqsTriggerSettings, invoke: SqsInvokeHandler, log: SqsTriggerLogLine[] = [], client = sqs): SqsTriggerPoller {
    const poller = new SqsTriggerPoller({ settings, invoke, log: (line) => log.push(line), sqs: client, backoff: FAST_BACKOFF });
    pollers.push(poller);
    poller.start();
    return poller;
  }

  afterEach(async () => {
    await Promise.all(pollers.splice(0).map((poller) => poller.stop()));
  });

  afterAll(async () => {
    await Promise.allSettled(queues.map((queue) => sqs.send(new DeleteQueueCommand({ QueueUrl: queue.url }))));
  });

  it('hands the handler the event Lambda sends for SQS, message attributes included, and deletes the batch', async () => {
    // Prepare
    // The first receive's count is asserted: a busy CI machine must not let the 1 s timeout lapse before the delivery.
    const queue = await createQueue('sqs-trigger-shape', 30);
    await sendMessages(queue, ['{"invoiceNumber":"F-1"}'], {
      'correlation-id': { DataType: 'String', StringValue: 'c-1' },
      attempt: { DataType: 'Number', StringValue: '1' },
      digest: { DataType: 'Binary', BinaryValue: Buffer.from([1, 2, 255]) },
    });
    const events: SQSEvent[] = [];
    const log: SqsTriggerLogLine[] = [];

    // Act
    startPoller(settingsFor(queue.name), async (event) => {
      events.push(event);
    }, log);
    const [event] = await waitFor(() => events.length > 0 && events, { what: 'the handler to be invoked' });

    // Assess
    expect(event?.Records).toHaveLength(1);
    const record = event?.Records[0] as SQSRecord;
    expect(record).toMatchObject({
      body: '{"invoiceNumber":"F-1"}',
      eventSource: 'aws:sqs',
      eventSourceARN: queue.arn,
      awsRegion: 'us-east-1',
      attributes: { ApproximateReceiveCount: '1', SenderId: expect.any(String) },
      messageAttributes: {
        'correlation-id': { stringValue: 'c-1', stringListValues: [], binaryListValues: [], dataType: 'String' },
        attempt: { stringValue: '1', stringListValues: [], binaryListValues: [], dataType: 'Number' },
        digest: { binaryValue: Buffer.from([1, 2, 255]).toString('base64'), stringListValues: [], binaryListValues: [], dataType: 'Binary' },
      },
    });
    expect(record.messageId).toMatch(/.+/);
    expect(record.receiptHandle).toMatch(/.+/);
    expect(record.md5OfBody).toMatch(/^[0-9a-f]{32}$/);
    expect(record.md5OfMessageAttributes).toMatch(/^[0-9a-f]{32}$/);
    expect(Math.abs(Number(record.attributes.SentTimestamp) - Date.now())).toBeLessThan(60_000);
    await waitFor(async () => (await messagesLeft(queue)) === 0, { what: 'the message to be deleted' });
    await waitFor(() => log.some((line) => line.outcome === 'ok'), { what: 'the batch log line' });
    expect(log).toContainEqual({ trigger: 'sqs', function: 'testHandler', queue: queue.name, count: 1, failed: 0, outcome: 'ok' });
  });

  it('with ReportBatchItemFailures brings back only the reported message and deletes the others', async () => {
    // Prepare
    const queue = await createQueue('sqs-trigger-partial');
    await sendMessages(queue, ['a', 'b', 'c']);
    const deliveries: SQSRecord[] = [];
    const log: SqsTriggerLogLine[] = [];
    const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
      deliveries.push(...event.Records);
      const firstTimeB = event.Records.filter((record) => record.body === 'b' && record.attributes.ApproximateReceiveCount === '1');
      return { batchItemFailures: firstTimeB.map((record) => ({ itemIdentifier: record.messageId })) };
    };

    // Act
    // No batching window: with one receive per batch the receive count is exact (a window
    // longer than the 1 s visibility timeout would receive b again before delivering it).
    startPoller(settingsFor(queue.name, { reportBatchItemFailures: true, maximumBatchingWindowInSeconds: 0 }), handler, log);
    await waitFor(() => deliveries.filter((record) => record.body === 'b').length === 2, { what: 'b to come back' });
    await waitFor(async () => (await messagesLeft(queue)) === 0, { what: 'the queue to empty' });

    // Assess
    expect(deliveries.map((record) => record.body).sort()).toEqual(['a', 'b', 'b', 'c']);
    expect(deliveries.filter((record) => record.body === 'b').map((record) => record.attributes.ApproximateReceiveCount)).toEqual(['1', '2']);
    expect(log).toContainEqual(expect.objectContaining({ queue: queue.name, failed: 1, outcome: 'partial' }));
  });

  it('brings the whole batch back when the batch response names a message that is not in it', async () => {
    // Prepare
    const queue = await createQueue('sqs-trigger-invalid-response');
    await sendMessages(queue, ['a', 'b']);
    const events: SQSEvent[] = [];
    const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
      events.push(event);
      return { batchItemFailures: events.length === 1 ? [{ itemIdentifier: 'not-in-this-batch' }] : [] };
    };

    // Act
    startPoller(settingsFor(queue.name, { reportBatchItemFailures: true }), handler);
    await waitFor(() => bodiesOf(events).length >= 4, { what: 'both messages to come back' });
    await waitFor(async () => (await messagesLeft(queue)) === 0, { what: 'the queue to empty' });

    // Assess
    expect(bodiesOf(events).sort()).toEqual(['a', 'a', 'b', 'b']);
  });

  it('gives a handler that throws the same messages again and deletes them once it succeeds', async () => {
    // Prepare
    const queue = await createQueue('sqs-trigger-retry');
    await sendMessages(queue, ['a', 'b']);
    const events: SQSEvent[] = [];
    const log: SqsTriggerLogLine[] = [];
    const handler = async (event: SQSEvent): Promise<void> => {
      events.push(event);
      if (events.length === 1) throw new Error('store unavailable');
    };

    // Act: no batching window, so each delivery is one receive and the receive count is exact.
    startPoller(settingsFor(queue.name, { maximumBatchingWindowInSeconds: 0 }), handler, log);
    await waitFor(() => bodiesOf(events).length >= 4, { what: 'the messages to come back' });
    await waitFor(async () => (await messagesLeft(queue)) === 0, { what: 'the queue to empty' });

    // Assess
    const [first, ...again] = events;
    const againRecords = again.flatMap((event) => event.Records);
    expect(againRecords.map((record) => record.messageId).sort()).toEqual(first?.Records.map((record) => record.messageId).sort());
    expect(againRecords.every((record) => record.attributes.ApproximateReceiveCount === '2')).toBe(true);
    expect(log).toContainEqual(expect.objectContaining({ queue: queue.name, outcome: 'error', error: 'store unavailable', failed: first?.Records.length }));
  });

  it('puts a message that comes back during the batching window in the batch once, and deletes it', async () => {
    // Prepare
    const queue = await createQueue('sqs-trigger-window');
    await sendMessages(queue, ['a']);
    const events: SQSEvent[] = [];

    // Act
    startPoller(settingsFor(queue.name, { maximumBatchingWindowInSeconds: 3 }), async (event) => {
      events.push(event);
    });
    await waitFor(() => events.length > 0, { what: 'the handler to be invoked' });
    await waitFor(async () => (await messagesLeft(queue)) === 0, { what: 'the queue to empty' });

    // Assess
    expect(events).toHaveLength(1);
    expect(events[0]?.Records).toHaveLength(1);
    expect(Number(events[0]?.Records[0]?.attributes.ApproximateReceiveCount)).toBeGreaterThan(1);
  });

  it('ends its 20 s long poll at once when stopped', async () => {
    // Prepare
    const queue = await createQueue('sqs-trigger-stop');
    const client = new SQSClient({});
    let receiving = false;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'ReceiveMessageCommand') receiving = true;
        return next(args);
      },
      { step: 'initialize', name: 'spyOnReceive' },
    );
    const poller = startPoller(settingsFor(queue.name), async () => undefined, [], client);
    await waitFor(() => receiving, { what: 'the long poll to start' });

    // Act
    const started = Date.now();
    await poller.stop();

    // Assess
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
