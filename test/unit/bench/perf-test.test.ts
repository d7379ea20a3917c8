/** Reading RabbitMQ PerfTest's summary. */
import { rateOf } from '../../../bench/support/perf-test';

const OUTPUT = ['id: test-1, starting consumer #0', 'id: test-1, time 1.0 s, sent: 9812 msg/s', 'test-1, sending rate avg: 15105 msg/s', 'id: test-1, sending rate avg: 15105 msg/s'].join('\n');

describe('rateOf', () => {
  it('takes the average rate of the side asked for', () => {
    expect(rateOf(OUTPUT, 'sending', 30_210)).toEqual({ items: 30_210, ms: 2000, rate: 15105 });
  });

  it('says what PerfTest printed when the rate is missing', () => {
    expect(() => rateOf(OUTPUT, 'receiving', 10)).toThrow(/no receiving rate[\s\S]*sending rate avg/);
  });
});
