/**
 * The failure drills. Each sends a known workload, breaks something on the way, waits,
 * and counts from the stores what became of every message.
 */
import { connect } from 'amqplib';
import { Kafka, logLevel } from 'kafkajs';
import type { Transport } from '../lib/config';
import { INFRASTRUCTURE } from '../lib/infrastructure';
import { waitUntilDrained } from '../localstack/aws/queue-carry-over';
import type { LocalServices } from '../localstack/local-services';
import { auditRun, batchGet, checkProcessingFailed, type AuditResult, type SentMessage } from './audit';
import { newStats, pause, sendInBatches, sendOneByOne, type SendStats } from './senders';
import type { TriggerLog } from './trigger-log';
import { planWorkload } from './workload';

export interface ScenarioContext {
  /** The transport the drills run on: Kafka (the default) or RabbitMQ. */
  transport: Transport;
  services: LocalServices;
  runId: string;
  size: number;
  quick: boolean;
  log: (line: string) => void;
  /** Starts serverless-offline with N consumers (and extra env), feeding the trigger log; returns its stop. */
  startOffline(consumers: number, env?: Record<string, string>): Promise<{ stop(): Promise<void>; triggerLog: TriggerLog }>;
  notifications: Map<string, number>;
  /** Stops every service as Ctrl-C does and starts them again on the data they kept (context.services is the new stack). */
  restartServices(): Promise<void>;
}

export interface ScenarioResult extends AuditResult {
  name: string;
  seconds: number;
  notes: string[];
  passed: boolean;
}

export interface Scenario {
  name: string;
  run(context: ScenarioContext): Promise<Omit<ScenarioResult, 'name' | 'seconds'>>;
}

const { kafka: kafkaSettings, rabbitmq: rabbitMqSettings } = INFRASTRUCTURE;

/** Where the invoices wait for the validator: the topic, or the queue. */
const destination = (context: ScenarioContext) => (context.transport === 'rabbitmq' ? rabbitMqSettings.queue : kafkaSettings.topic);
const auditTimeout = (context: ScenarioContext) => (context.quick ? 180_000 : 900_000);

function verdict(audit: AuditResult, notes: string[], extraOk = true) {
  return { ...audit, notes, passed: audit.lost === 0 && audit.duplicated === 0 && extraOk };
}

export const pointToPoint: Scenario = {
  name: 'point to point, 5 consumers',
  async run(context) {
    const offline = await context.startOffline(5);
    try {
      await pause(5000); // let the five members join before the load starts
      const stats = newStats();
      await sendInBatches(planWorkload(`${context.runId}-p2p`, context.size), `${context.runId}-p2p`, stats);
      const audit = await auditRun(stats.accepted, context.notifications, { timeoutMs: auditTimeout(context) });
      const split = offline.triggerLog.split(destination(context));
      const redelivered = offline.triggerLog.redeliveries(destination(context));
      const everyoneWorked = Object.keys(split).length === 5;
      return verdict(audit, [`split ${JSON.stringify(split)}`, `records handed to two members: ${redelivered.byOtherMember}`], everyoneWorked && redelivered.byOtherMember === 0);
    } finally {
      await offline.stop();
    }
  },
};

export const consumerKilled: Scenario = {
  name: 'consumer killed (kill -9), repeatedly',
  async run(context) {
    const offline = await context.startOffline(5);
    try {
      await pause(5000);
      const stats = newStats();
      const sending = sendInBatches(planWorkload(`${context.runId}-kill`, context.size), `${context.runId}-kill`, stats, { batchSize: 100, concurrency: 1 });
      const kills: number[] = [];
      for (let round = 0; round < (context.quick ? 2 : 4); round += 1) {
        await pause(3000);
        const victim = offline.triggerLog.livePids()[0];
        if (victim === undefined) continue;
        process.kill(victim, 'SIGKILL');
        kills.push(victim);
        context.log(`killed trigger ${context.transport === 'rabbitmq' ? 'consumer' : 'member'} pid ${victim}`);
      }
      await sending;
      const audit = await auditRun(stats.accepted, context.notifications, { timeoutMs: auditTimeout(context) });
      return verdict(audit, [`killed ${kills.length} members`, `messages the validator handled twice (redelivered after a kill): ${offline.triggerLog.handledMoreThanOnce()}`, `split ${JSON.stringify(offline.triggerLog.split(destination(context)))}`]);
    } finally {
      await offline.stop();
    }
  },
};

export const brokerRestart: Scenario = {
  name: 'broker restart mid-stream',
  async run(context) {
    const broker = context.services.processes[context.transport];
    const brokerName = context.transport === 'rabbitmq' ? 'RabbitMQ' : 'Kafka';
    if (!broker) throw new Error(`the chaos run must start ${brokerName} itself to restart it`);
    const offline = await context.startOffline(2);
    try {
      const stats: SendStats = newStats();
      const sending = sendOneByOne(planWorkload(`${context.runId}-broker`, context.size), `${context.runId}-broker`, stats);
      await pause(context.quick ? 3000 : 10_000);
      context.log(`stopping ${brokerName}`);
      await broker.stop();
      await pause(context.quick ? 5000 : 15_000);
      context.log(`starting ${brokerName} again`);
      await broker.restart();
      await sending;
      const audit = await auditRun(stats.accepted, context.notifications, { timeoutMs: auditTimeout(context) });
      const notes = [`503 answers while ${brokerName} was down: ${stats.unavailable}`, `other 5xx: ${stats.otherServerErrors}`, `503 without Retry-After: ${stats.retryAfterMissing}`];
      return verdict(audit, notes, stats.otherServerErrors === 0 && stats.retryAfterMissing === 0 && stats.unavailable > 0);
    } finally {
      await offline.stop();
    }
  },
};

/** DynamoDB Local stops answering (SIGSTOP: connections hang, as with a network partition), then resumes. */
async function dynamoOutage(context: ScenarioContext, seconds: number): Promise<void> {
  const dynamodb = context.services.processes.dynamodb;
  if (!dynamodb) throw new Error('the chaos run must start DynamoDB Local itself to pause it');
  context.log(`DynamoDB unreachable for ${seconds} s`);
  process.kill(dynamodb.pid, 'SIGSTOP');
  await pause(seconds * 1000);
  process.kill(dynamodb.pid, 'SIGCONT');
  context.log('DynamoDB back');
}

/** DynamoDB Local stopped (connections refused, so every call fails at once), then started again on its files. */
async function dynamoDown(context: ScenarioContext, seconds: number): Promise<void> {
  const dynamodb = context.services.processes.dynamodb;
  if (!dynamodb) throw new Error('the chaos run must start DynamoDB Local itself to stop it');
  context.log(`DynamoDB stopped for ${seconds} s`);
  await dynamodb.stop();
  await pause(seconds * 1000);
  await dynamodb.restart();
  context.log('DynamoDB back');
}

export const storeOutage: Scenario = {
  name: 'store outage (DynamoDB), then retry limit',
  async run(context) {
    const notes: string[] = [];
    // Part 1: the default retry policy rides out the outage.
    let offline = await context.startOffline(2);
    const stats = newStats();
    try {
      const sending = sendInBatches(planWorkload(`${context.runId}-outage`, context.size), `${context.runId}-outage`, stats, { batchSize: 100, concurrency: 1 });
      await pause(3000);
      await dynamoOutage(context, context.quick ? 10 : 30);
      await sending;
      const first = await auditRun(stats.accepted, context.notifications, { timeoutMs: auditTimeout(context) });
      notes.push(`outage ridden out: ${first.stored + first.duplicates} stored, ${first.quarantined} quarantined, lost ${first.lost}`);
    } finally {
      await offline.stop();
    }
    // Part 2: the retries run out; what exhausts them reaches the invalid channel as PROCESSING_FAILED.
    // Kafka: one retry only. RabbitMQ: the queue's delivery limit, reached in seconds (failed
    // batches handed back at once, and the store refusing connections, so each attempt fails fast).
    const rabbitMq = context.transport === 'rabbitmq';
    offline = await context.startOffline(1, rabbitMq ? { RABBITMQ_TRIGGER_RETRY_DELAY_MS: '200' } : { KAFKA_TRIGGER_MAX_RETRIES: '1' });
    try {
      const limited = newStats();
      const planned = planWorkload(`${context.runId}-limit`, Math.max(50, Math.floor(context.size / 10)));
      // A warm key check, as in production: it knows the client's key when the store goes away.
      await sendInBatches(planned.slice(0, 1), `${context.runId}-limit-warm`, limited, { batchSize: 1, concurrency: 1 });
      const outage = rabbitMq ? dynamoDown(context, 45) : dynamoOutage(context, 45);
      await pause(1000);
      await sendInBatches(planned.slice(1), `${context.runId}-limit`, limited, { batchSize: 25, concurrency: 1 });
      await outage;
      stats.accepted.push(...limited.accepted);
      const audit = await auditRun(stats.accepted, context.notifications, { timeoutMs: auditTimeout(context) });
      const failedEntries = await checkProcessingFailed(limited.accepted, destination(context));
      const { triggerLog } = offline;
      notes.push(`${rabbitMq ? `at the delivery limit (${rabbitMqSettings.deliveryLimit})` : 'with 1 retry'}: ${audit.processingFailed} reached the invalid channel as PROCESSING_FAILED`);
      notes.push(`PROCESSING_FAILED entries with their own message id, payload and coordinates: ${failedEntries.checked - failedEntries.wrong.length} of ${failedEntries.checked}${failedEntries.wrong.length ? ` (${failedEntries.wrong.slice(0, 3).join('; ')})` : ''}`);
      notes.push(`batches split in two: ${triggerLog.splits}; records invoked again after they were settled: ${triggerLog.invokedAfterSettled(destination(context))}`);
      const faithful = failedEntries.checked > 0 && failedEntries.wrong.length === 0 && triggerLog.invokedAfterSettled(destination(context)) === 0;
      return verdict(audit, notes, audit.processingFailed > 0 && faithful);
    } finally {
      await offline.stop();
    }
  },
};

const POISON: Array<{ name: string; value: Buffer | null; expect: string; headers?: boolean; messageId?: string }> = [
  { name: 'empty', value: Buffer.alloc(0), expect: 'INVALID_JSON' },
  { name: 'null value', value: null, expect: 'INVALID_JSON' },
  { name: 'binary', value: Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80]), expect: 'INVALID_ENCODING' },
  { name: '1 MiB', value: Buffer.from(JSON.stringify({ invoiceNumber: 'BIG', filler: 'x'.repeat(1024 * 1024) })), expect: 'PAYLOAD_TOO_LARGE' },
  { name: 'deeply nested', value: Buffer.from('['.repeat(100_000) + ']'.repeat(100_000)), expect: 'INVALID_JSON' },
  { name: 'beyond double precision', value: Buffer.from('{"invoiceNumber":"N-1","totals":{"net":1e400,"tax":123456789012345678901234567890,"gross":0.1}}'), expect: 'OUT_OF_RANGE' },
  { name: 'invalid UTF-8', value: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]), expect: 'INVALID_ENCODING' },
  { name: 'missing headers', value: Buffer.from('{"not":"an invoice"}'), expect: 'MISSING_FIELD', headers: false },
  // A message id no store can key on (DynamoDB keys stop at 2048 bytes): it must not fail the writes of its batch-mates.
  { name: 'oversized message-id header', value: Buffer.from('{"not":"an invoice"}'), expect: 'MISSING_FIELD', messageId: 'x'.repeat(4096) },
];

export const poisonRecords: Scenario = {
  name: 'poison records straight to the topic',
  async run(context) {
    if (context.transport === 'rabbitmq') return poisonMessagesOnQueue(context);
    const offline = await context.startOffline(1);
    const producer = new Kafka({ clientId: 'chaos-poison', brokers: (process.env.KAFKA_BROKERS ?? '').split(','), logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    try {
      const sent: SentMessage[] = [];
      const expected = new Map<string, { name: string; code: string }>();
      for (const [index, poison] of POISON.entries()) {
        // One of each on every partition, so every partition must flow past them.
        for (let partition = 0; partition < kafkaSettings.partitions; partition += 1) {
          const messageId = poison.messageId ?? `${context.runId}-poison-${index}-${partition}`;
          const [metadata] = await producer.send({
            topic: kafkaSettings.topic,
            acks: -1,
            messages: [{ partition, value: poison.value, ...(poison.headers === false ? {} : { headers: { 'message-id': messageId } }) }],
          });
          // The validator names a record without a usable message id after its coordinates.
          const id = poison.headers === false || poison.messageId ? `${kafkaSettings.topic}-${partition}-${metadata?.baseOffset}` : messageId;
          sent.push({ messageId: id });
          expected.set(id, { name: poison.name, code: poison.expect });
        }
      }
      const stats = newStats();
      await sendInBatches(planWorkload(`${context.runId}-after-poison`, Math.max(60, Math.floor(context.size / 5))), `${context.runId}-poison`, stats);
      const audit = await auditRun([...sent, ...stats.accepted], context.notifications, { timeoutMs: auditTimeout(context) });
      const codes = await reasonCodes(sent.map((message) => message.messageId));
      const wrong = sent.filter((message) => !codes.get(message.messageId)?.includes(expected.get(message.messageId)?.code ?? '')).map((message) => expected.get(message.messageId)?.name);
      const mostInvocations = offline.triggerLog.mostInvocationsOfOneRecord(kafkaSettings.topic);
      const notes = [
        `${POISON.length} kinds x ${kafkaSettings.partitions} partitions`,
        `valid invoices after them: ${stats.accepted.length}`,
        `without the expected reason: ${wrong.length ? [...new Set(wrong)].join(', ') : 'none'}`,
        `most invocations of one record: ${mostInvocations} (1: no poison held back a batch-mate; at most 2 passes)`,
      ];
      return verdict(audit, notes, wrong.length === 0 && mostInvocations <= 2);
    } finally {
      await producer.disconnect();
      await offline.stop();
    }
  },
};

/**
 * RabbitMQ: the same poison published straight to the queue with amqplib. AMQP has no null
 * body (it is sent empty) and its message-id property stops at 255 bytes, so the oversized id
 * travels as a message-id header. A message without a usable id is named by the validator
 * from its queue and content: those two are found by their names' form in the run's lines.
 */
async function poisonMessagesOnQueue(context: ScenarioContext): Promise<Omit<ScenarioResult, 'name' | 'seconds'>> {
  const offline = await context.startOffline(1);
  const connection = await connect(process.env.RABBITMQ_URL ?? '');
  try {
    const channel = await connection.createConfirmChannel();
    const sent: SentMessage[] = [];
    const expected = new Map<string, { name: string; code: string }>();
    const unnamed: Array<{ name: string; code: string }> = [];
    for (const [index, poison] of POISON.entries()) {
      const messageId = `${context.runId}-poison-${index}`;
      const withoutId = poison.headers === false || poison.messageId !== undefined;
      channel.sendToQueue(rabbitMqSettings.queue, poison.value ?? Buffer.alloc(0), {
        persistent: true,
        ...(withoutId ? {} : { messageId }),
        ...(poison.messageId ? { headers: { 'message-id': poison.messageId } } : {}),
      });
      if (withoutId) unnamed.push({ name: poison.name, code: poison.expect });
      else {
        sent.push({ messageId });
        expected.set(messageId, { name: poison.name, code: poison.expect });
      }
    }
    await channel.waitForConfirms();
    const stats = newStats();
    await sendInBatches(planWorkload(`${context.runId}-after-poison`, Math.max(60, Math.floor(context.size / 5))), `${context.runId}-poison`, stats);
    // The validator names the unnamed ones; wait until it has handled as many as were sent (or the audit's time is up), then audit everything once.
    const unnamedPattern = new RegExp(`^${rabbitMqSettings.queue}-[0-9a-f]{32}$`);
    const unnamedSeen = () => [...offline.triggerLog.handled.keys()].filter((id) => unnamedPattern.test(id));
    const deadline = Date.now() + auditTimeout(context);
    while (unnamedSeen().length < unnamed.length && Date.now() < deadline) await pause(500);
    const unnamedIds = unnamedSeen();
    const audit = await auditRun([...sent, ...stats.accepted, ...unnamedIds.map((messageId) => ({ messageId }))], context.notifications, { timeoutMs: auditTimeout(context) });
    const codes = await reasonCodes([...sent.map((message) => message.messageId), ...unnamedIds]);
    const wrong = sent.filter((message) => !codes.get(message.messageId)?.includes(expected.get(message.messageId)?.code ?? '')).map((message) => expected.get(message.messageId)?.name);
    const unnamedWrong = unnamedIds.filter((id) => !unnamed.some((poison) => codes.get(id)?.includes(poison.code)));
    const mostInvocations = offline.triggerLog.mostInvocationsOfOneRecord(rabbitMqSettings.queue);
    const notes = [
      `${POISON.length} kinds on queue ${rabbitMqSettings.queue}, ${unnamed.length} of them without a usable id (found ${unnamedIds.length})`,
      `valid invoices after them: ${stats.accepted.length}`,
      `without the expected reason: ${wrong.length || unnamedWrong.length ? [...new Set(wrong), ...unnamedWrong].join(', ') : 'none'}`,
      `most invocations of one message: ${mostInvocations} (1: no poison held back a batch-mate)`,
    ];
    return verdict(audit, notes, wrong.length === 0 && unnamedWrong.length === 0 && unnamedIds.length === unnamed.length && mostInvocations <= 2);
  } finally {
    await connection.close();
    await offline.stop();
  }
}

async function reasonCodes(messageIds: string[]): Promise<Map<string, string[]>> {
  const items = await batchGet(INFRASTRUCTURE.tables.messages.TableName, messageIds.map((messageId) => ({ messageId })));
  return new Map(items.map((item) => [item.messageId as string, ((item.reasons as Array<{ code: string }>) ?? []).map((reason) => reason.code)]));
}

export const stackRestart: Scenario = {
  name: 'stack restart (Ctrl-C, then npm start again)',
  async run(context) {
    const settled = newStats();
    const unfinished = newStats();
    const half = Math.max(50, Math.floor(context.size / 2));
    let offline = await context.startOffline(2);
    let before: AuditResult;
    let drained: boolean;
    try {
      // What was fully handled before the stop must neither vanish nor be handled again after it.
      await sendInBatches(planWorkload(`${context.runId}-restart-a`, half), `${context.runId}-restart-a`, settled);
      before = await auditRun(settled.accepted, context.notifications, { timeoutMs: auditTimeout(context) });
      // And what was still on its way when Ctrl-C came must arrive after the restart.
      await sendInBatches(planWorkload(`${context.runId}-restart-b`, half), `${context.runId}-restart-b`, unfinished);
    } finally {
      // Ctrl-C, as npm start handles it: the quarantine takes what is left in the invalid channel, then all stops.
      drained = await waitUntilDrained(INFRASTRUCTURE.queues.invalidInvoices, { timeoutMs: 30_000, log: context.log });
      await offline.stop();
    }
    context.log('stopping every service, keeping their data, and starting them again');
    await context.restartServices();
    offline = await context.startOffline(2);
    try {
      const audit = await auditRun([...settled.accepted, ...unfinished.accepted], context.notifications, { timeoutMs: auditTimeout(context) });
      const handledAgain = settled.accepted.filter((message) => (offline.triggerLog.handled.get(message.messageId) ?? 0) > 0).length;
      const notes = [
        `before the stop: ${before.stored + before.duplicates} stored and ${before.quarantined} quarantined of ${settled.accepted.length}, lost ${before.lost}`,
        `sent just before Ctrl-C: ${unfinished.accepted.length}; invalid channel drained by the quarantine before the stop: ${drained ? 'yes' : 'no (the rest was carried over)'}`,
        `after the restart, messages settled before it that the validator handled again: ${handledAgain} (${context.transport === 'rabbitmq' ? 'acked messages left the queue' : 'the group went on from its committed offsets'})`,
      ];
      return verdict(audit, notes, before.lost === 0 && handledAgain === 0);
    } finally {
      await offline.stop();
    }
  },
};

export const SCENARIOS: Scenario[] = [pointToPoint, consumerKilled, brokerRestart, storeOutage, poisonRecords, stackRestart];
