import { percentile, ratePerSecond, ratioToLimit, smallestLimit, summarizeLatencies } from '../../../bench/stats';

describe('percentile (nearest rank)', () => {
  it.each([
    [[5, 1, 3, 2, 4], 50, 3],
    [[5, 1, 3, 2, 4], 100, 5],
    [[5, 1, 3, 2, 4], 0, 1],
    [[7], 99, 7],
    [Array.from({ length: 100 }, (_, index) => index + 1), 99, 99],
    [Array.from({ length: 1000 }, (_, index) => index + 1), 99, 990],
    [[10, 20], 50, 10],
  ])('of %j at p%d is %d, one of the samples', (samples, p, expected) => {
    expect(percentile(samples, p)).toBe(expected);
  });

  it('is NaN for no samples and refuses a p outside 0-100', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it('leaves the samples in their order', () => {
    const samples = [3, 1, 2];

    percentile(samples, 50);

    expect(samples).toEqual([3, 1, 2]);
  });
});

describe('summarizeLatencies', () => {
  it('gives count, p50, p99, max and mean', () => {
    expect(summarizeLatencies([4, 1, 3, 2])).toEqual({ count: 4, p50: 2, p99: 4, max: 4, mean: 2.5 });
  });

  it('gives NaN figures for no samples', () => {
    expect(summarizeLatencies([])).toMatchObject({ count: 0, p50: NaN, p99: NaN });
  });
});

describe('ratePerSecond', () => {
  it('turns items per elapsed ms into items per second', () => {
    expect(ratePerSecond(5000, 2500)).toBe(2000);
  });

  it('is NaN when no time passed', () => {
    expect(ratePerSecond(10, 0)).toBeNaN();
  });
});

describe('the limit and the ratio to it', () => {
  it('takes the slowest measured stage as the limit', () => {
    const stages = [
      { rate: 60_000, by: 'broker consume' },
      { rate: 2_400, by: 'store writes' },
      { rate: Number.NaN, by: 'not measured' },
    ];

    expect(smallestLimit(stages)).toEqual({ rate: 2_400, by: 'store writes' });
  });

  it('has no limit when nothing was measured', () => {
    expect(smallestLimit([{ rate: Number.NaN }])).toBeUndefined();
  });

  it.each([
    [1800, 2400, 0.75],
    [2400, 2400, 1],
    [100, undefined, NaN],
    [100, 0, NaN],
  ])('of %d against a limit of %p is %p', (rate, limit, expected) => {
    expect(ratioToLimit(rate, limit)).toBe(expected);
  });
});
