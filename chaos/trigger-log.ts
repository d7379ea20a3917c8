/**
 * Reads the triggers' JSON lines from serverless-offline's output. Kafka's: which member got
 * which partitions, which records each member handed to the validator, and which of them
 * each invocation settled (all, those before the lowest failed offset, or none). RabbitMQ's
 * (with RABBITMQ_TRIGGER_LOG_MESSAGE_IDS=1): which consumer was invoked with which message
 * ids, and whether the batch was acked (all) or handed back (none).
 */
export interface BatchLine {
  member: string;
  topic: string;
  partition: number;
  first: bigint;
  last: bigint;
  count: number;
  /** The last offset this invocation settled; below `first` when it settled none. */
  settledUpTo: bigint;
}

/** One invocation of the RabbitMQ trigger: a queue has no offsets, so its messages are named. */
export interface QueueBatchLine {
  member: string;
  queue: string;
  messageIds: string[];
  /** Acked (the function succeeded) or handed back to the queue. */
  ok: boolean;
}

export class TriggerLog {
  readonly batches: BatchLine[] = [];
  readonly queueBatches: QueueBatchLine[] = [];
  readonly memberPids = new Map<string, number>();
  readonly lines: string[] = [];
  /** How often the validator handled each message (its own "message received" lines). */
  readonly handled = new Map<string, number>();
  /** Batches the trigger split in two after the function failed on them. */
  splits = 0;

  /** Feed every output line of serverless-offline here. */
  readonly onLine = (line: string): void => {
    if (line.includes('"message":"message received"') && line.includes('"outcome":"')) {
      const received = JSON.parse(line) as { messageId?: string; topic?: string; outcome?: string };
      // The validator's outcomes only (the quarantine logs its own lines for the invalid ones).
      const validatorOutcome = ['STORED', 'DUPLICATE', 'INVALID'].includes(received.outcome ?? '');
      if (received.messageId && validatorOutcome) this.handled.set(received.messageId, (this.handled.get(received.messageId) ?? 0) + 1);
      return;
    }
    if (line.startsWith('{"trigger":"rabbitmq"')) {
      this.onQueueLine(line);
      return;
    }
    if (!line.startsWith('{"trigger":"kafka"')) return;
    this.lines.push(line);
    const entry = JSON.parse(line) as { member: string; event: string; pid?: number; records?: string; count?: number; outcome?: string; failedFrom?: string };
    if (entry.event === 'started' && entry.pid) this.memberPids.set(entry.member, entry.pid);
    if (entry.event === 'split') this.splits += 1;
    if (entry.event !== 'batch' || !entry.records) return;
    const match = /^(.+)-(\d+)@(\d+)\.\.(\d+)$/.exec(entry.records);
    if (!match) return;
    const [first, last] = [BigInt(match[3] as string), BigInt(match[4] as string)];
    const settledUpTo = entry.outcome === 'ok' ? last : entry.outcome === 'partial' && entry.failedFrom ? BigInt(entry.failedFrom) - 1n : first - 1n;
    this.batches.push({ member: entry.member, topic: match[1] as string, partition: Number(match[2]), first, last, count: entry.count ?? 0, settledUpTo });
  };

  private onQueueLine(line: string): void {
    this.lines.push(line);
    const entry = JSON.parse(line) as { consumer: string; event: string; pid?: number; queue?: string; ok?: boolean; messageIds?: string[] };
    if (entry.event === 'started' && entry.pid) this.memberPids.set(entry.consumer, entry.pid);
    if (entry.event === 'invoked' && entry.queue && entry.messageIds) this.queueBatches.push({ member: entry.consumer, queue: entry.queue, messageIds: entry.messageIds, ok: entry.ok === true });
  }

  /** Records (or queue messages) settled per member (of one topic or queue). */
  split(topic: string): Record<string, number> {
    const split: Record<string, number> = {};
    for (const batch of this.batches) {
      if (batch.topic === topic) split[batch.member] = (split[batch.member] ?? 0) + Number(batch.settledUpTo - batch.first + 1n);
    }
    for (const batch of this.queueBatches) {
      if (batch.queue === topic && batch.ok) split[batch.member] = (split[batch.member] ?? 0) + batch.messageIds.length;
    }
    return split;
  }

  /** The most invocations any one record of the topic (or message of the queue) was part of (1: none was delivered twice). */
  mostInvocationsOfOneRecord(topic: string): number {
    const invocations = new Map<string, number>();
    for (const batch of this.queueBatches) {
      if (batch.queue !== topic) continue;
      for (const id of batch.messageIds) invocations.set(id, (invocations.get(id) ?? 0) + 1);
    }
    for (const batch of this.batches) {
      if (batch.topic !== topic) continue;
      for (let offset = batch.first; offset <= batch.last; offset += 1n) {
        const key = `${batch.partition}@${offset}`;
        invocations.set(key, (invocations.get(key) ?? 0) + 1);
      }
    }
    return Math.max(0, ...invocations.values());
  }

  /** Records invoked again after an invocation had settled them (the checkpoint says: never, short of a rebalance). */
  invokedAfterSettled(topic: string): number {
    const settled = new Set<string>();
    let again = 0;
    for (const batch of this.queueBatches) {
      if (batch.queue !== topic) continue;
      for (const id of batch.messageIds) {
        if (settled.has(id)) again += 1;
        if (batch.ok) settled.add(id);
      }
    }
    for (const batch of this.batches) {
      if (batch.topic !== topic) continue;
      for (let offset = batch.first; offset <= batch.last; offset += 1n) {
        const key = `${batch.partition}@${offset}`;
        if (settled.has(key)) again += 1;
        if (offset <= batch.settledUpTo) settled.add(key);
      }
    }
    return again;
  }

  /** Records (topic-partition@offset) handed to the validator more than once, and by how many members. */
  redeliveries(topic: string): { records: number; byOtherMember: number } {
    const seen = new Map<string, string>();
    let records = 0;
    let byOtherMember = 0;
    for (const batch of this.queueBatches) {
      if (batch.queue !== topic || !batch.ok) continue;
      for (const id of batch.messageIds) {
        const previous = seen.get(id);
        if (previous !== undefined) {
          records += 1;
          if (previous !== batch.member) byOtherMember += 1;
        }
        seen.set(id, batch.member);
      }
    }
    for (const batch of this.batches) {
      if (batch.topic !== topic) continue;
      for (let offset = batch.first; offset <= batch.settledUpTo; offset += 1n) {
        const key = `${batch.partition}@${offset}`;
        const previous = seen.get(key);
        if (previous !== undefined) {
          records += 1;
          if (previous !== batch.member) byOtherMember += 1;
        }
        seen.set(key, batch.member);
      }
    }
    return { records, byOtherMember };
  }

  /** Messages the validator handled more than once (a redelivery after a member died mid-batch). */
  handledMoreThanOnce(): number {
    return [...this.handled.values()].filter((count) => count > 1).length;
  }

  livePids(): number[] {
    return [...this.memberPids.values()].filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
  }
}
