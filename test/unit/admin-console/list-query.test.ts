import { countsQuery, listQuery, localDayStart, NO_FILTERS, PAGE_SIZE } from '../../../admin-console/src/list-query';

describe('listQuery', () => {
  it('sends only the filters that are set, then the page size', () => {
    // Act
    const query = listQuery({ ...NO_FILTERS, status: 'PENDING', code: 'TOTALS_MISMATCH' });

    // Assess
    expect(query).toBe(`status=PENDING&code=TOTALS_MISMATCH&limit=${PAGE_SIZE}`);
  });

  it('sends every filter and the cursor, encoded', () => {
    // Act
    const query = new URLSearchParams(listQuery({ status: 'RESENT', category: 'DATA', code: 'OUT_OF_RANGE', from: '', to: '', clientId: ' cl-1 ' }, 'eyJrIjoiYS9iK2M9In0=', 10));

    // Assess
    expect(Object.fromEntries(query)).toEqual({ status: 'RESENT', category: 'DATA', code: 'OUT_OF_RANGE', clientId: 'cl-1', limit: '10', cursor: 'eyJrIjoiYS9iK2M9In0=' });
  });

  it('turns the date inputs into the first and last instant of those local days', () => {
    // Act
    const query = new URLSearchParams(listQuery({ ...NO_FILTERS, from: '2026-11-20', to: '2026-11-24' }));

    // Assess
    expect(query.get('from')).toBe(new Date(2026, 10, 20).toISOString());
    expect(query.get('to')).toBe(new Date(new Date(2026, 10, 25).getTime() - 1).toISOString());
  });

  it('passes an instant given in full as is (the CLI takes them)', () => {
    const query = new URLSearchParams(listQuery({ ...NO_FILTERS, from: '2026-11-20T10:00:00.000Z', to: '2026-11-21T10:00:00Z' }));

    expect(query.get('from')).toBe('2026-11-20T10:00:00.000Z');
    expect(query.get('to')).toBe('2026-11-21T10:00:00Z');
  });

  it('passes on what is not a real day, for the API to refuse with a reason, rather than dropping the filter unseen', () => {
    // Act
    const query = new URLSearchParams(listQuery({ ...NO_FILTERS, from: '2026-02-30', to: 'yesterday' }));

    // Assess
    expect(query.get('from')).toBe('2026-02-30');
    expect(query.get('to')).toBe('yesterday');
  });
});

describe('localDayStart', () => {
  it.each([
    ['2026-11-20', new Date(2026, 10, 20)],
    ['2028-02-29', new Date(2028, 1, 29)],
    ['2026-02-29', undefined],
    ['2026-13-01', undefined],
    ['', undefined],
    ['20-11-2026', undefined],
  ])('of %j is %j', (day, expected) => {
    expect(localDayStart(day)).toEqual(expected);
  });
});

describe('countsQuery', () => {
  it.each([
    ['PENDING', '?status=PENDING'],
    ['', ''],
  ])('for status %j is %j', (status, expected) => {
    expect(countsQuery(status)).toBe(expected);
  });
});
