/**
 * Joins concurrent sends into one request ("natural batching"): the first group goes out at
 * once; groups that arrive while a request is in flight wait and leave together in the next
 * one. An idempotent Kafka producer keeps one request in flight per broker, so without this
 * N concurrent publishes queue behind each other one request at a time; with it they share
 * a request and latency stays flat as concurrency grows. Nothing waits when nothing is in
 * flight, so a lone request (a Lambda container serves one at a time) is not delayed.
 *
 * A group is never split or reordered, and a request never exceeds `maxItems` or `maxBytes`
 * (except a single group larger than that, which goes alone). A group whose signal aborts
 * before its request leaves is taken off the queue and never sent.
 *
 * @example
 * const sends = new SendCoalescer({ send: (records) => producer.send(records), maxItems: 1000, maxBytes: 768 * 1024, sizeOf: (r) => r.value.length });
 * const receipts = await sends.submit([record], AbortSignal.timeout(5000));
 */
export interface SendCoalescerOptions<Item, Result> {
  /** Sends one request; resolves with one result per item, in order. */
  send: (items: Item[]) => Promise<Result[]>;
  maxItems: number;
  maxBytes: number;
  sizeOf: (item: Item) => number;
}

interface WaitingGroup<Item, Result> {
  items: Item[];
  bytes: number;
  settled: boolean;
  resolve: (results: Result[]) => void;
  reject: (error: unknown) => void;
}

export class SendCoalescer<Item, Result> {
  private readonly waiting: WaitingGroup<Item, Result>[] = [];
  private sending = false;

  constructor(private readonly options: SendCoalescerOptions<Item, Result>) {}

  /** Sends the items, with whatever else is waiting; rejects with the signal's reason if it aborts first. */
  submit(items: Item[], signal?: AbortSignal): Promise<Result[]> {
    if (signal?.aborted) return Promise.reject(asError(signal.reason));
    return new Promise<Result[]>((resolve, reject) => {
      const group: WaitingGroup<Item, Result> = {
        items,
        bytes: items.reduce((sum, item) => sum + this.options.sizeOf(item), 0),
        settled: false,
        resolve: (results) => settle(() => resolve(results)),
        reject: (error) => settle(() => reject(asError(error))),
      };
      const onAbort = (): void => {
        const index = this.waiting.indexOf(group);
        if (index >= 0) this.waiting.splice(index, 1);
        group.reject(signal?.reason);
      };
      function settle(finish: () => void): void {
        if (group.settled) return;
        group.settled = true;
        signal?.removeEventListener('abort', onAbort);
        finish();
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(group);
      if (!this.sending) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.sending = true;
    try {
      while (this.waiting.length > 0) {
        const groups = this.takeRequest();
        try {
          const results = await this.options.send(groups.flatMap((group) => group.items));
          let start = 0;
          for (const group of groups) {
            group.resolve(results.slice(start, start + group.items.length));
            start += group.items.length;
          }
        } catch (error) {
          for (const group of groups) group.reject(error);
        }
      }
    } finally {
      this.sending = false;
    }
  }

  /** The waiting groups that fit in one request, oldest first; always at least one. */
  private takeRequest(): WaitingGroup<Item, Result>[] {
    const { maxItems, maxBytes } = this.options;
    const taken: WaitingGroup<Item, Result>[] = [];
    let items = 0;
    let bytes = 0;
    for (const group of this.waiting) {
      const fits = items + group.items.length <= maxItems && bytes + group.bytes <= maxBytes;
      if (taken.length > 0 && !fits) break;
      taken.push(group);
      items += group.items.length;
      bytes += group.bytes;
    }
    this.waiting.splice(0, taken.length);
    return taken;
  }
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}
