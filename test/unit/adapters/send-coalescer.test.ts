import { SendCoalescer } from '../../../lib/adapters/kafka/send-coalescer';

/** A send function whose requests the test answers one at a time. */
function controlledSend() {
  const requests: { items: string[]; answer: () => void; fail: (error: Error) => void }[] = [];
  const send = (items: string[]): Promise<string[]> =>
    new Promise((resolve, reject) => {
      requests.push({ items, answer: () => resolve(items.map((item) => `sent:${item}`)), fail: reject });
    });
  return { requests, send };
}

function coalescer(send: (items: string[]) => Promise<string[]>, limits: { maxItems?: number; maxBytes?: number } = {}) {
  return new SendCoalescer<string, string>({ send, maxItems: limits.maxItems ?? 100, maxBytes: limits.maxBytes ?? 1000, sizeOf: (item) => item.length });
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('SendCoalescer', () => {
  it('sends a lone group at once, in a request of its own', async () => {
    // Prepare
    const { requests, send } = controlledSend();
    const sends = coalescer(send);

    // Act
    const result = sends.submit(['a', 'b']);
    requests[0]?.answer();

    // Assess
    await expect(result).resolves.toEqual(['sent:a', 'sent:b']);
    expect(requests.map((request) => request.items)).toEqual([['a', 'b']]);
  });

  it('sends the groups that arrive while a request is in flight together, each getting its own results in order', async () => {
    // Prepare
    const { requests, send } = controlledSend();
    const sends = coalescer(send);
    const first = sends.submit(['a']);

    // Act
    const second = sends.submit(['b', 'c']);
    const third = sends.submit(['d']);
    requests[0]?.answer();
    await first;
    await flush();
    requests[1]?.answer();

    // Assess
    await expect(second).resolves.toEqual(['sent:b', 'sent:c']);
    await expect(third).resolves.toEqual(['sent:d']);
    expect(requests.map((request) => request.items)).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('keeps each request within the item and byte limits, never splitting a group, and sends an oversized group alone', async () => {
    // Prepare
    const { requests, send } = controlledSend();
    const sends = coalescer(send, { maxItems: 3, maxBytes: 10 });
    const results = [sends.submit(['first'])];

    // Act
    results.push(sends.submit(['a', 'b']), sends.submit(['c', 'd']), sends.submit(['0123456789abc']), sends.submit(['e']));
    for (let request = 0; request < 5; request += 1) {
      requests[request]?.answer();
      await flush();
    }
    await Promise.all(results);

    // Assess
    expect(requests.map((request) => request.items)).toEqual([['first'], ['a', 'b'], ['c', 'd'], ['0123456789abc'], ['e']]);
  });

  it('rejects every group of a failed request with its error and goes on with the next request', async () => {
    // Prepare
    const { requests, send } = controlledSend();
    const sends = coalescer(send);
    const first = sends.submit(['a']);
    const second = expect(sends.submit(['b'])).rejects.toThrow('broker down');
    const third = expect(sends.submit(['c'])).rejects.toThrow('broker down');

    // Act
    requests[0]?.answer();
    await first;
    await flush();
    requests[1]?.fail(new Error('broker down'));
    await flush();
    const fourth = sends.submit(['d']);
    await flush();
    requests[2]?.answer();

    // Assess
    await second;
    await third;
    await expect(fourth).resolves.toEqual(['sent:d']);
    expect(requests.map((request) => request.items)).toEqual([['a'], ['b', 'c'], ['d']]);
  });

  it('never sends a group whose signal aborts while it waits, and rejects it with the reason', async () => {
    // Prepare
    const { requests, send } = controlledSend();
    const sends = coalescer(send);
    const first = sends.submit(['a']);
    const deadline = new AbortController();
    const waiting = expect(sends.submit(['late'], deadline.signal)).rejects.toThrow('timed out');
    const other = sends.submit(['b']);

    // Act
    deadline.abort(new Error('timed out'));
    requests[0]?.answer();
    await first;
    await flush();
    requests[1]?.answer();

    // Assess
    await waiting;
    await expect(other).resolves.toEqual(['sent:b']);
    expect(requests.flatMap((request) => request.items)).not.toContain('late');
  });

  it('rejects a group whose signal aborts while its request is in flight without waiting for the answer', async () => {
    // Prepare
    const { requests, send } = controlledSend();
    const sends = coalescer(send);
    const deadline = new AbortController();
    const inFlight = expect(sends.submit(['a'], deadline.signal)).rejects.toThrow('timed out');

    // Act
    deadline.abort(new Error('timed out'));

    // Assess
    await inFlight;
    expect(requests).toHaveLength(1);
    requests[0]?.answer();
    await flush();
  });

  it('sends nothing for a signal that has already aborted', async () => {
    // Prepare
    const { requests, send } = controlledSend();
    const sends = coalescer(send);

    // Act
    const result = sends.submit(['a'], AbortSignal.abort(new Error('too late')));

    // Assess
    await expect(result).rejects.toThrow('too late');
    expect(requests).toHaveLength(0);
  });
});
