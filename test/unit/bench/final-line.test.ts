import { finalLine } from '../../../bench/report/final-line';

describe('the bench last line', () => {
  it.each([
    [{ invoicesPerSecond: 812.4, ratio: 0.4134 }, 'bench: pipeline 812 invoices/s = 0.41 of limit'],
    [{ invoicesPerSecond: 2500.5, ratio: 0.7 }, 'bench: pipeline 2501 invoices/s = 0.70 of limit'],
    [{ invoicesPerSecond: 950, ratio: Number.NaN }, 'bench: pipeline 950 invoices/s = unknown of limit'],
  ])('reads exactly "bench: pipeline X invoices/s = R of limit" for %j', (best, expected) => {
    expect(finalLine(best)).toBe(expected);
  });

  it('says so when the pipeline was not measured', () => {
    expect(finalLine(undefined)).toBe('bench: pipeline not measured');
  });
});
