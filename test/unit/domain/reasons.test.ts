import { codesOf, isReasonCode, primaryCategory, reason, REASON_CODES, type ReasonCategory, type ReasonCode } from '../../../lib/domain/reasons';

/** The contract's "Rejection reasons" table, plus PROCESSING_FAILED from the paragraph below it. */
const CONTRACT: [ReasonCode, ReasonCategory][] = [
  ['INVALID_ENCODING', 'STRUCTURE'],
  ['INVALID_JSON', 'STRUCTURE'],
  ['NOT_AN_OBJECT', 'STRUCTURE'],
  ['MISSING_FIELD', 'STRUCTURE'],
  ['WRONG_TYPE', 'STRUCTURE'],
  ['PAYLOAD_TOO_LARGE', 'STRUCTURE'],
  ['INVALID_FORMAT', 'DATA'],
  ['INVALID_DATE', 'DATA'],
  ['DUE_BEFORE_ISSUE', 'DATA'],
  ['ISSUED_IN_FUTURE', 'DATA'],
  ['UNKNOWN_CURRENCY', 'DATA'],
  ['TOTALS_MISMATCH', 'DATA'],
  ['DUPLICATE_CONFLICT', 'DATA'],
  ['OUT_OF_RANGE', 'RANGE'],
  ['TOO_MANY_ITEMS', 'RANGE'],
  ['PROCESSING_FAILED', 'PROCESSING'],
];

describe('reasons', () => {
  it.each(CONTRACT)('files %s under %s', (code, category) => {
    // Act
    const built = reason(code, '/path', 'message');

    // Assess
    expect(built).toEqual({ category, code, path: '/path', message: 'message' });
  });

  it('knows exactly the codes of the contract', () => {
    // Assess
    expect([...REASON_CODES].sort()).toEqual(CONTRACT.map(([code]) => code).sort());
    expect(isReasonCode('OUT_OF_RANGE')).toBe(true);
    expect(isReasonCode('TOO_BIG')).toBe(false);
    expect(isReasonCode('toString')).toBe(false);
  });

  it.each<[string, ReasonCode[], ReasonCategory]>([
    ['processing over everything', ['OUT_OF_RANGE', 'PROCESSING_FAILED', 'MISSING_FIELD'], 'PROCESSING'],
    ['structure over data and range', ['OUT_OF_RANGE', 'TOTALS_MISMATCH', 'WRONG_TYPE'], 'STRUCTURE'],
    ['data over range', ['OUT_OF_RANGE', 'INVALID_DATE'], 'DATA'],
    ['range alone', ['TOO_MANY_ITEMS'], 'RANGE'],
    ['processing for no reason at all (a bug of ours)', [], 'PROCESSING'],
  ])('picks the primary category by severity: %s', (_case, codes, expected) => {
    // Prepare
    const reasons = codes.map((code) => reason(code, '', 'message'));

    // Act
    const category = primaryCategory(reasons);

    // Assess
    expect(category).toBe(expected);
  });

  it('lists each code once, in the order it first appears', () => {
    // Prepare
    const reasons = [
      reason('WRONG_TYPE', '/lines', 'a'),
      reason('MISSING_FIELD', '/customer', 'b'),
      reason('WRONG_TYPE', '/issuer', 'c'),
      reason('OUT_OF_RANGE', '/totals/net', 'd'),
    ];

    // Act
    const codes = codesOf(reasons);

    // Assess
    expect(codes).toEqual(['WRONG_TYPE', 'MISSING_FIELD', 'OUT_OF_RANGE']);
  });
});
