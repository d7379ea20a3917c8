import { RARE_CODE, preloadEntry } from '../../../bench/sections/admin';
import { adminLine } from '../../../bench/report/final-line';
import type { AdminLevel, AdminResult } from '../../../bench/report/results';
import { REASON_CATEGORIES, REASON_CODES } from '../../../lib/domain/reasons';

function level(entries: number, p99s: number[]): AdminLevel {
  const summary = (p99: number) => ({ count: 200, p50: p99 / 2, p99, max: p99 * 2, mean: p99 / 2 });
  const [firstPage, rareCodePage, counts, detail, resend] = p99s.map(summary);
  return { entries, preloadMs: 1, rareCodeEntries: 1, rareCodeFirstPage: 1, operations: { firstPage, rareCodePage, counts, detail, resend } as AdminLevel['operations'] };
}

describe('the admin section', () => {
  it('preloads every status, category and code, with the rare code on 0.1 % of the entries', () => {
    // Act
    const entries = Array.from({ length: 20_000 }, (_, index) => preloadEntry(index, 'bench-x'));

    // Assess
    expect(new Set(entries.map((entry) => entry.status))).toEqual(new Set(['PENDING', 'RESENT', 'DISCARDED']));
    expect(new Set(entries.map((entry) => entry.category))).toEqual(new Set(REASON_CATEGORIES));
    expect(new Set(entries.flatMap((entry) => entry.codes))).toEqual(new Set(REASON_CODES));
    expect(entries.filter((entry) => entry.codes.includes(RARE_CODE))).toHaveLength(20);
    expect(new Set(entries.map((entry) => entry.messageId)).size).toBe(20_000);
  });

  it('ends with the worst p99 at the largest size and the worst growth from the smallest', () => {
    // Prepare
    const result: AdminResult = { samples: 200, rareCode: RARE_CODE, shards: 4, levels: [level(1_000_000, [40, 30, 10, 8, 60]), level(10_000, [20, 30, 10, 8, 50])] };

    // Act
    const line = adminLine(result);

    // Assess
    expect(line).toBe('bench: admin p99 60 ms at 1000000 quarantined (growth 2.0x from 10000)');
  });
});
