/**
 * The event source mapping's error handling controls, as the local trigger applies them to
 * one partition's batch: partial batch responses, bisection, the retry limit, record age and
 * the on-failure destination (AWS Lambda DG "Configuring error handling controls for Kafka
 * event sources"). The broker is replaced by a recording port; the rules are the subject.
 */
import type { KafkaMessage } from 'kafkajs';
import { deliverBatch, type BatchDeliveryPort, type DeliveryEvent } from '../../../localstack/offline-kafka-trigger/batch-delivery';
import type { FailureDescription } from '../../../localstack/offline-kafka-trigger/failure-envelope';
import type { ErrorHandlingControls } from '../../../localstack/offline-kafka-trigger/trigger-settings';
import type { InvocationResult } from '../../../localstack/offline-lambda-invoker';

const NOW = Date.parse('2026-12-01T10:00:00.000Z');

function messages(count: number, ageSeconds = 0): KafkaMessage[] {
  return Array.from({ length: count }, (_, index) => ({
    offset: String(index),
    key: Buffer.from(`k-${index}`),
    value: Buffer.from(`v-${index}`),
    timestamp: String(NOW - ageSeconds * 1000),
    attributes: 0,
    headers: {},
  }));
}

type Handler = (offsets: number[]) => InvocationResult;

const fails = (error = 'store unavailable'): InvocationResult => ({ ok: false, error: new Error(error) });
const succeeds = (payload?: unknown): InvocationResult => ({ ok: true, payload });
const failedItems = (...offsets: number[]) => succeeds({ batchItemFailures: offsets.map((offset) => ({ itemIdentifier: { partition: 'invoices-3', offset } })) });

function recordingPort(handler: Handler, controls: Partial<ErrorHandlingControls> = {}) {
  const invocations: number[][] = [];
  const destination: Array<{ offsets: number[]; failure: FailureDescription }> = [];
  const commits: string[] = [];
  const events: DeliveryEvent[] = [];
  let destinationFails = 0;
  const port: BatchDeliveryPort = {
    topic: 'invoices',
    partition: 3,
    controls: { maximumRetryAttempts: -1, maximumRecordAgeInSeconds: -1, bisectBatchOnFunctionError: false, reportBatchItemFailures: true, onFailureTopic: 'invoices.failed', ...controls },
    invoke: async (batch) => {
      const offsets = batch.map((message) => Number(message.offset));
      invocations.push(offsets);
      return handler(offsets);
    },
    toDestination: async (batch, failure) => {
      if (destinationFails > 0) {
        destinationFails -= 1;
        throw new Error('destination unreachable');
      }
      destination.push({ offsets: batch.map((message) => Number(message.offset)), failure });
    },
    commit: async (nextOffset) => {
      commits.push(nextOffset);
    },
    wait: async () => true,
    backoffMs: () => 0,
    now: () => NOW,
    log: (event) => events.push(event),
  };
  return { port, invocations, destination, commits, events, failDestination: (times: number) => (destinationFails = times) };
}

describe('deliverBatch (the event source mapping error handling controls)', () => {
  it('commits the whole batch when the function succeeds', async () => {
    const { port, invocations, commits } = recordingPort(() => succeeds());

    await expect(deliverBatch(port, messages(4))).resolves.toBe(true);

    expect(invocations).toEqual([[0, 1, 2, 3]]);
    expect(commits).toEqual(['4']);
  });

  it.each([[null], [undefined], [{}], [{ batchItemFailures: [] }], [{ batchItemFailures: null }]])(
    'reads %j as success',
    async (payload) => {
      const { port, invocations, commits } = recordingPort(() => succeeds(payload));

      await deliverBatch(port, messages(2));

      expect(invocations).toHaveLength(1);
      expect(commits).toEqual(['2']);
    },
  );

  it('commits what comes before the lowest failed offset and delivers again from it on (checkpoint)', async () => {
    // Prepare: offsets 2 and 4 fail once
    let first = true;
    const { port, invocations, commits } = recordingPort(() => {
      if (!first) return succeeds();
      first = false;
      return failedItems(4, 2);
    });

    // Act
    await deliverBatch(port, messages(6));

    // Assess
    expect(invocations).toEqual([
      [0, 1, 2, 3, 4, 5],
      [2, 3, 4, 5],
    ]);
    expect(commits).toEqual(['2', '6']);
  });

  it('also accepts the "topic-partition" spelling of the item identifier', async () => {
    let first = true;
    const { port, invocations } = recordingPort(() => {
      if (!first) return succeeds();
      first = false;
      return succeeds({ batchItemFailures: [{ itemIdentifier: { 'topic-partition': 'invoices-3', offset: 1 } }] });
    });

    await deliverBatch(port, messages(3));

    expect(invocations).toEqual([[0, 1, 2], [1, 2]]);
  });

  it.each([
    ['an offset not in the batch', { batchItemFailures: [{ itemIdentifier: { partition: 'invoices-3', offset: 99 } }] }],
    ['another partition', { batchItemFailures: [{ itemIdentifier: { partition: 'invoices-4', offset: 0 } }] }],
    ['a string identifier', { batchItemFailures: [{ itemIdentifier: 'invoices-3-0' }] }],
    ['an identifier without offset', { batchItemFailures: [{ itemIdentifier: { partition: 'invoices-3' } }] }],
  ])('retries the whole batch when the response names %s', async (_what, payload) => {
    let first = true;
    const { port, invocations, commits } = recordingPort(() => {
      if (!first) return succeeds();
      first = false;
      return succeeds(payload);
    });

    await deliverBatch(port, messages(3));

    expect(invocations).toEqual([[0, 1, 2], [0, 1, 2]]);
    expect(commits).toEqual(['3']);
  });

  it('ignores the response unless the mapping has ReportBatchItemFailures', async () => {
    const { port, invocations, commits } = recordingPort(() => failedItems(0), { reportBatchItemFailures: false });

    await deliverBatch(port, messages(2));

    expect(invocations).toEqual([[0, 1]]);
    expect(commits).toEqual(['2']);
  });

  it('splits a batch the function fails in two and retries each half alone, in order, until the poison record is alone', async () => {
    // Prepare: the function throws whenever offset 5 is in the batch
    const { port, invocations, destination, commits } = recordingPort((offsets) => (offsets.includes(5) ? fails('poison') : succeeds()), {
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: 4,
    });

    // Act
    await deliverBatch(port, messages(8));

    // Assess
    expect(invocations).toEqual([
      [0, 1, 2, 3, 4, 5, 6, 7],
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [4, 5],
      [4],
      [5],
      [5],
      [6, 7],
    ]);
    expect(destination).toEqual([{ offsets: [5], failure: { condition: 'RetriesExhausted', approximateInvokeCount: 5, lastResponse: { functionError: true } } }]);
    expect(commits).toEqual(['4', '5', '6', '8']);
  });

  it('does not split on a partial batch response: only the rest is retried', async () => {
    let calls = 0;
    const { port, invocations } = recordingPort(() => (calls++ === 0 ? failedItems(2) : succeeds()), { bisectBatchOnFunctionError: true });

    await deliverBatch(port, messages(4));

    expect(invocations).toEqual([[0, 1, 2, 3], [2, 3]]);
  });

  it('after MaximumRetryAttempts retries sends each failed record to the destination with RetriesExhausted and moves on', async () => {
    const { port, invocations, destination, commits } = recordingPort(() => fails(), { maximumRetryAttempts: 2 });

    await deliverBatch(port, messages(2));

    expect(invocations).toHaveLength(3);
    expect(destination).toEqual([{ offsets: [0, 1], failure: { condition: 'RetriesExhausted', approximateInvokeCount: 3, lastResponse: { functionError: true } } }]);
    expect(commits).toEqual(['2']);
  });

  it('applies 10 retries when retries are infinite and a destination is set', async () => {
    const { port, invocations, destination } = recordingPort(() => fails(), { maximumRetryAttempts: -1 });

    await deliverBatch(port, messages(1));

    expect(invocations).toHaveLength(11);
    expect(destination[0]?.failure.approximateInvokeCount).toBe(11);
  });

  it('gives up on records a partial response kept failing, and keeps what came before them', async () => {
    const { port, destination, commits } = recordingPort(() => failedItems(1), { maximumRetryAttempts: 1 });

    await deliverBatch(port, messages(3));

    expect(destination).toEqual([{ offsets: [1, 2], failure: { condition: 'RetriesExhausted', approximateInvokeCount: 2, lastResponse: { functionError: false } } }]);
    expect(commits).toEqual(['1', '3']);
  });

  it('sends records older than MaximumRecordAgeInSeconds to the destination with RecordAgeExceeded, without invoking', async () => {
    const { port, invocations, destination, commits } = recordingPort(() => succeeds(), { maximumRecordAgeInSeconds: 60 });

    await deliverBatch(port, messages(2, 61));

    expect(invocations).toEqual([]);
    expect(destination).toEqual([{ offsets: [0, 1], failure: { condition: 'RecordAgeExceeded', approximateInvokeCount: 0, lastResponse: null } }]);
    expect(commits).toEqual(['2']);
  });

  it('skips what it gives up on when there is no destination, as AWS does, and says so', async () => {
    const { port, invocations, commits, events } = recordingPort(() => fails(), { maximumRetryAttempts: 0, onFailureTopic: undefined });

    await deliverBatch(port, messages(1));

    expect(invocations).toHaveLength(1);
    expect(commits).toEqual(['1']);
    expect(events).toContainEqual(expect.objectContaining({ event: 'discarded', condition: 'RetriesExhausted' }));
  });

  it('keeps the partition where it is while the destination cannot be written, and never invokes again', async () => {
    // Prepare
    const { port, invocations, destination, commits, failDestination } = recordingPort(() => fails(), { maximumRetryAttempts: 0 });
    failDestination(2);

    // Act
    await deliverBatch(port, messages(1));

    // Assess
    expect(invocations).toHaveLength(1);
    expect(destination).toHaveLength(1);
    expect(commits).toEqual(['1']);
  });

  it('stops without committing when the partition is taken away during a retry', async () => {
    const { port, commits } = recordingPort(() => fails());
    port.wait = async () => false;

    await expect(deliverBatch(port, messages(2))).resolves.toBe(false);

    expect(commits).toEqual([]);
  });
});
