import { runClosedLoop } from '../../../bench/support/closed-loop';
import { chunksOf, mapLimited } from '../../../lib/map-limited';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('runClosedLoop', () => {
  it('sends every request once with at most `concurrency` in flight', async () => {
    // Prepare
    let inFlight = 0;
    let most = 0;
    const sent: number[] = [];

    // Act
    const result = await runClosedLoop(4, 20, async (index) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      sent.push(index);
      await tick();
      inFlight -= 1;
    });

    // Assess
    expect(most).toBe(4);
    expect([...sent].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, index) => index));
    expect(result).toMatchObject({ concurrency: 4, requests: 20, errors: 0 });
    expect(result.latency.count).toBe(20);
  });

  it('counts failed requests as errors, keeps the first message and leaves them out of the latencies', async () => {
    const result = await runClosedLoop(2, 6, async (index) => {
      if (index % 3 === 0) throw new Error(`refused ${index}`);
    });

    expect(result.errors).toBe(2);
    expect(result.firstError).toBe('refused 0');
    expect(result.latency.count).toBe(4);
  });
});

describe('mapLimited', () => {
  it('keeps results in the order of the items', async () => {
    const results = await mapLimited([30, 10, 20], 2, async (value) => {
      await new Promise((resolve) => setTimeout(resolve, value));
      return value * 2;
    });

    expect(results).toEqual([60, 20, 40]);
  });

  it('splits items into chunks of at most the size', () => {
    expect(chunksOf([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});
