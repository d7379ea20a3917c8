/**
 * What an event source mapping does with one batch of one partition until every record of
 * it is settled, as AWS documents it for Kafka (AWS Lambda DG "Configuring error handling
 * controls for Kafka event sources"; where that page is silent, the stream pages it shares
 * the controls with, "Configuring partial batch response with DynamoDB and Lambda"):
 *
 * - success (no error; a null, empty or absent batchItemFailures) commits the whole batch;
 * - a partial batch response commits the records before the lowest failed offset and
 *   retries from it on (stream checkpoint semantics: with BisectBatchOnFunctionError too,
 *   the batch is "split at the returned sequence number" and only the rest is retried);
 * - a function error, or a response naming a record not in the batch, fails the whole
 *   batch; with BisectBatchOnFunctionError it is split in two and each half retried alone;
 * - a batch that failed more than MaximumRetryAttempts retries (10 when infinite and a
 *   destination is set) goes to the on-failure destination, RetriesExhausted;
 * - a record older than MaximumRecordAgeInSeconds is not invoked again: it goes to the
 *   destination, RecordAgeExceeded;
 * - without a destination, AWS skips what it gives up on; so does this (and says so).
 *
 * Choices where AWS leaves one: retries are counted per record set, and the halves of a
 * split keep the count of the batch they came from (so a poison record still reaches the
 * destination after the retry limit, never later); a retry waits the backoff, a split too;
 * a destination that cannot be written blocks the partition and is retried, never skipped.
 */
import type { KafkaMessage } from 'kafkajs';
import { readKafkaBatchResponse } from '../../lib/adapters/kafka/kafka-batch-response';
import { FAILURE_CONDITION } from '../../lib/adapters/kafka/kafka-failure-envelope';
import type { InvocationResult } from '../offline-lambda-invoker';
import type { FailureDescription, LastResponse } from './failure-envelope';
import { effectiveRetryLimit, type ErrorHandlingControls } from './trigger-settings';

export interface BatchDeliveryPort {
  topic: string;
  partition: number;
  controls: ErrorHandlingControls;
  invoke(messages: KafkaMessage[]): Promise<InvocationResult>;
  /** Writes these records to the destination; throws when it cannot (they are then kept). */
  toDestination(messages: KafkaMessage[], failure: FailureDescription): Promise<void>;
  /** Commits the partition up to (not including) this offset. */
  commit(nextOffset: string): Promise<void>;
  /** Waits before the next try; false when this member lost the partition meanwhile. */
  wait(delayMs: number): Promise<boolean>;
  /** The delay before the next invocation of records that failed this many times. */
  backoffMs(failures: number): number;
  now(): number;
  log(event: DeliveryEvent): void;
}

export type DeliveryEvent =
  | { event: 'batch'; records: string; count: number; attempt: number; ms: number; outcome: 'ok' | 'partial' | 'error'; failedFrom?: string; error?: string }
  | { event: 'split'; records: string; into: [string, string] }
  | { event: 'failed-over'; records: string; count: number; condition: string; destination: string }
  | { event: 'discarded'; records: string; count: number; condition: string }
  | { event: 'error'; records: string; error: string };

/** Records still to settle, in offset order, with the failed invocations they have been through. */
interface Pending {
  messages: KafkaMessage[];
  failures: number;
  lastResponse: LastResponse;
  /** Set once the retries are used up: only the destination is tried from then on. */
  givingUp?: string;
}

type Outcome = { kind: 'ok' } | { kind: 'partial'; failedFrom: number } | { kind: 'error'; reason: string };

/**
 * Delivers the batch until every record is settled (invoked with success, or handed to the
 * destination); false when the partition was taken away first (nothing past the last commit
 * counts as settled, and the next owner starts from there, as on AWS).
 *
 * @example
 * const done = await deliverBatch(port, messages);
 */
export async function deliverBatch(port: BatchDeliveryPort, messages: KafkaMessage[]): Promise<boolean> {
  const queue: Pending[] = [{ messages, failures: 0, lastResponse: null }];
  let committed = messages[0]?.offset;
  const commitSettled = async () => {
    const next = queue[0]?.messages[0]?.offset ?? nextOffsetAfter(messages);
    if (next !== committed) await port.commit(next);
    committed = next;
  };
  while (queue.length > 0) {
    const head = queue[0] as Pending;
    const settled = head.givingUp ? await giveUp(port, head.messages, head, head.givingUp) : await settleExpired(port, head);
    if (!settled) {
      if (!(await port.wait(port.backoffMs(head.failures + 1)))) return false;
      continue;
    }
    if (head.givingUp || head.messages.length === 0) {
      queue.shift();
      await commitSettled();
      continue;
    }
    const outcome = await invokeOnce(port, head);
    if (outcome.kind === 'ok') {
      queue.shift();
      await commitSettled();
      continue;
    }
    if (outcome.kind === 'partial') {
      head.messages = head.messages.filter((message) => Number(message.offset) >= outcome.failedFrom);
      await commitSettled();
    }
    head.failures += 1;
    head.lastResponse = { functionError: outcome.kind === 'error' };
    const limit = effectiveRetryLimit(port.controls);
    if (limit >= 0 && head.failures > limit) {
      head.givingUp = FAILURE_CONDITION.retriesExhausted;
      continue;
    }
    if (outcome.kind === 'error' && port.controls.bisectBatchOnFunctionError && head.messages.length > 1) {
      const halves = split(head);
      port.log({ event: 'split', records: rangeOf(port, head.messages), into: [rangeOf(port, halves[0].messages), rangeOf(port, halves[1].messages)] });
      queue.splice(0, 1, ...halves);
    }
    if (!(await port.wait(port.backoffMs(head.failures)))) return false;
  }
  return true;
}

async function invokeOnce(port: BatchDeliveryPort, head: Pending): Promise<Outcome> {
  const started = port.now();
  const result = await port.invoke(head.messages);
  const outcome = interpret(port, head.messages, result);
  port.log({
    event: 'batch',
    records: rangeOf(port, head.messages),
    count: head.messages.length,
    attempt: head.failures + 1,
    ms: port.now() - started,
    outcome: outcome.kind,
    ...(outcome.kind === 'partial' ? { failedFrom: String(outcome.failedFrom) } : {}),
    ...(outcome.kind === 'error' ? { error: outcome.reason } : {}),
  });
  return outcome;
}

/** How the mapping reads the function's answer. */
function interpret(port: BatchDeliveryPort, messages: KafkaMessage[], result: InvocationResult): Outcome {
  if (!result.ok) return { kind: 'error', reason: result.error.message };
  if (!port.controls.reportBatchItemFailures) return { kind: 'ok' };
  const response = readKafkaBatchResponse(result.payload);
  if (!response.ok) return { kind: 'error', reason: response.reason };
  if (response.failed.length === 0) return { kind: 'ok' };
  const ownKey = `${port.topic}-${port.partition}`;
  const offsets = new Set(messages.map((message) => Number(message.offset)));
  const unknown = response.failed.filter((failure) => failure.topicPartition !== ownKey || !offsets.has(failure.offset));
  if (unknown.length > 0) {
    return { kind: 'error', reason: `invalid batch response: not in the batch: ${unknown.map((failure) => `${failure.topicPartition}@${failure.offset}`).join(', ')}` };
  }
  return { kind: 'partial', failedFrom: Math.min(...response.failed.map((failure) => failure.offset)) };
}

/** Hands the records older than MaximumRecordAgeInSeconds over; false when the destination failed. */
async function settleExpired(port: BatchDeliveryPort, head: Pending): Promise<boolean> {
  const { maximumRecordAgeInSeconds } = port.controls;
  if (maximumRecordAgeInSeconds < 0) return true;
  const oldest = port.now() - maximumRecordAgeInSeconds * 1000;
  const expired = head.messages.filter((message) => Number(message.timestamp) < oldest);
  if (expired.length === 0) return true;
  if (!(await giveUp(port, expired, head, FAILURE_CONDITION.recordAgeExceeded))) return false;
  head.messages = head.messages.filter((message) => !expired.includes(message));
  return true;
}

/** The destination takes the records (or, without one, they are skipped); false when it could not be written. */
async function giveUp(port: BatchDeliveryPort, messages: KafkaMessage[], head: Pending, condition: string): Promise<boolean> {
  const records = rangeOf(port, messages);
  const { onFailureTopic } = port.controls;
  if (!onFailureTopic) {
    port.log({ event: 'discarded', records, count: messages.length, condition });
    return true;
  }
  try {
    await port.toDestination(messages, { condition, approximateInvokeCount: head.failures, lastResponse: head.lastResponse });
  } catch (error) {
    port.log({ event: 'error', records, error: `could not write to ${onFailureTopic}: ${(error as Error).message}` });
    return false;
  }
  port.log({ event: 'failed-over', records, count: messages.length, condition, destination: onFailureTopic });
  return true;
}

function split(head: Pending): [Pending, Pending] {
  const middle = Math.ceil(head.messages.length / 2);
  return [
    { ...head, messages: head.messages.slice(0, middle) },
    { ...head, messages: head.messages.slice(middle) },
  ];
}

function nextOffsetAfter(messages: KafkaMessage[]): string {
  const last = messages[messages.length - 1];
  return last ? (BigInt(last.offset) + 1n).toString() : '0';
}

function rangeOf(port: BatchDeliveryPort, messages: KafkaMessage[]): string {
  return `${port.topic}-${port.partition}@${messages[0]?.offset}..${messages[messages.length - 1]?.offset}`;
}
