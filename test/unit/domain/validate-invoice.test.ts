import type { ReasonCode } from '../../../lib/domain/reasons';
import { MAX_REASONS, validateInvoice, type InvoiceValidation } from '../../../lib/domain/validate-invoice';
import { invoiceWithLines, loadFixture, SUBMITTED_AT, validWith, type FixtureName, type JsonObject } from './invoice-fixtures';

const context = { submittedAt: SUBMITTED_AT };

/** [code, path] of every reason, in order; [] when the invoice is valid. */
function failures(result: InvoiceValidation): [ReasonCode, string][] {
  return result.valid ? [] : result.reasons.map((item) => [item.code, item.path]);
}

describe('validateInvoice', () => {
  it.each<[FixtureName, [ReasonCode, string][]]>([
    ['valid-basic', []],
    [
      'invalid-structure',
      [
        ['INVALID_FORMAT', '/issueDate'],
        ['MISSING_FIELD', '/issuer/taxId'],
        ['MISSING_FIELD', '/customer'],
        ['WRONG_TYPE', '/lines/0/quantity'],
      ],
    ],
    ['invalid-totals', [['TOTALS_MISMATCH', '/totals/gross']]],
    [
      'invalid-range',
      [
        ['OUT_OF_RANGE', '/lines/0/quantity'],
        ['OUT_OF_RANGE', '/lines/0/taxRate'],
        ['OUT_OF_RANGE', '/totals/net'],
        ['OUT_OF_RANGE', '/totals/tax'],
        ['OUT_OF_RANGE', '/totals/gross'],
      ],
    ],
  ])('gives the sample %s every reason it deserves', (name, expected) => {
    // Prepare
    const document = loadFixture(name);

    // Act
    const result = validateInvoice(document, context);

    // Assess
    expect(failures(result)).toEqual(expected);
  });

  it('returns a valid invoice as it came, with its identity', () => {
    // Prepare
    const document = loadFixture('valid-basic');

    // Act
    const result = validateInvoice(document, context);

    // Assess
    expect(result).toEqual({ valid: true, invoice: document, identity: { issuerTaxId: 'B12345678', invoiceNumber: 'F-2026-000123' } });
  });

  it('keeps unknown fields at every level of a valid invoice', () => {
    // Prepare
    const document = loadFixture('valid-basic');
    document.purchaseOrder = { number: 'PO-7', tags: ['a', 'b'] };
    (document.issuer as JsonObject).iban = 'ES91 2100 0418 4502 0005 1332';
    (document.customer as JsonObject).department = 'AP';
    ((document.lines as JsonObject[])[0] as JsonObject).sku = 'CONS-1';
    (document.totals as JsonObject).withholding = 0;

    // Act
    const result = validateInvoice(document, context);

    // Assess
    expect(result.valid && result.invoice).toEqual(document);
    expect(result.valid && result.invoice.purchaseOrder).toEqual({ number: 'PO-7', tags: ['a', 'b'] });
  });

  it('identifies the invoice by its normalised tax id and trimmed number', () => {
    // Prepare
    const document = validWith('/issuer/taxId', 'b-123 456 78');
    document.invoiceNumber = '  F-2026-000123 ';

    // Act
    const result = validateInvoice(document, context);

    // Assess
    expect(result.valid && result.identity).toEqual({ issuerTaxId: 'B12345678', invoiceNumber: 'F-2026-000123' });
  });

  it.each([
    ['null', null],
    ['an array', [loadFixture('valid-basic')]],
    ['a string', '{"invoiceNumber":"F-1"}'],
    ['a number', 42],
    ['undefined', undefined],
  ])('rejects %s as NOT_AN_OBJECT', (_case, document) => {
    // Act
    const result = validateInvoice(document, context);

    // Assess
    expect(failures(result)).toEqual([['NOT_AN_OBJECT', '']]);
  });

  it.each<[string, string, unknown, ReasonCode]>([
    ['absent invoice number', '/invoiceNumber', undefined, 'MISSING_FIELD'],
    ['null invoice number', '/invoiceNumber', null, 'MISSING_FIELD'],
    ['numeric invoice number', '/invoiceNumber', 2026123, 'WRONG_TYPE'],
    ['empty invoice number', '/invoiceNumber', '', 'INVALID_FORMAT'],
    ['blank invoice number', '/invoiceNumber', '   ', 'INVALID_FORMAT'],
    ['invoice number with a space inside', '/invoiceNumber', 'F 2026 1', 'INVALID_FORMAT'],
    ['invoice number with #', '/invoiceNumber', 'F#1', 'INVALID_FORMAT'],
    ['invoice number of 65 characters', '/invoiceNumber', 'F'.repeat(65), 'INVALID_FORMAT'],
    ['issue date written DD/MM/YYYY', '/issueDate', '20/11/2026', 'INVALID_FORMAT'],
    ['issue date with a time', '/issueDate', '2026-11-20T00:00:00Z', 'INVALID_FORMAT'],
    ['issue date as a number', '/issueDate', 20261120, 'WRONG_TYPE'],
    ['absent issue date', '/issueDate', undefined, 'MISSING_FIELD'],
    ['February 30th', '/issueDate', '2026-02-30', 'INVALID_DATE'],
    ['February 29th of a common year', '/issueDate', '2025-02-29', 'INVALID_DATE'],
    ['month 13', '/issueDate', '2026-13-01', 'INVALID_DATE'],
    ['day 00', '/issueDate', '2026-11-00', 'INVALID_DATE'],
    ['February 29th 2026 as due date', '/dueDate', '2026-02-29', 'INVALID_DATE'],
    ['April 31st as due date', '/dueDate', '2026-04-31', 'INVALID_DATE'],
    ['due date as a number', '/dueDate', 20261220, 'WRONG_TYPE'],
    ['lower-case currency', '/currency', 'eur', 'INVALID_FORMAT'],
    ['four-letter currency', '/currency', 'EURO', 'INVALID_FORMAT'],
    ['currency symbol', '/currency', '€', 'INVALID_FORMAT'],
    ['made-up currency', '/currency', 'XYZ', 'UNKNOWN_CURRENCY'],
    ['gold as currency', '/currency', 'XAU', 'UNKNOWN_CURRENCY'],
    ['withdrawn currency', '/currency', 'HRK', 'UNKNOWN_CURRENCY'],
    ['absent currency', '/currency', undefined, 'MISSING_FIELD'],
    ['issuer as a string', '/issuer', 'Acme', 'WRONG_TYPE'],
    ['issuer as an array', '/issuer', [], 'WRONG_TYPE'],
    ['absent issuer tax id', '/issuer/taxId', undefined, 'MISSING_FIELD'],
    ['tax id of 2 characters', '/issuer/taxId', 'B-1', 'INVALID_FORMAT'],
    ['tax id of 33 characters', '/issuer/taxId', 'B'.repeat(33), 'INVALID_FORMAT'],
    ['tax id with a dot', '/issuer/taxId', 'B1234567.8', 'INVALID_FORMAT'],
    ['blank issuer name', '/issuer/name', '   ', 'INVALID_FORMAT'],
    ['issuer name of 201 characters', '/issuer/name', 'a'.repeat(201), 'INVALID_FORMAT'],
    ['null customer', '/customer', null, 'MISSING_FIELD'],
    ['absent customer tax id', '/customer/taxId', undefined, 'MISSING_FIELD'],
    ['null customer name', '/customer/name', null, 'MISSING_FIELD'],
    ['customer name as a number', '/customer/name', 7, 'WRONG_TYPE'],
    ['e-mail without @', '/customer/email', 'ap.cliente.example', 'INVALID_FORMAT'],
    ['e-mail without domain', '/customer/email', 'ap@', 'INVALID_FORMAT'],
    ['e-mail with a space', '/customer/email', 'ap @cliente.example', 'INVALID_FORMAT'],
    ['e-mail as a number', '/customer/email', 42, 'WRONG_TYPE'],
    ['absent lines', '/lines', undefined, 'MISSING_FIELD'],
    ['lines as an object', '/lines', {}, 'WRONG_TYPE'],
    ['no lines', '/lines', [], 'TOO_MANY_ITEMS'],
    ['1001 lines (one reason, lines not checked one by one)', '/lines', Array.from({ length: 1001 }, () => ({})), 'TOO_MANY_ITEMS'],
    ['a null line', '/lines/0', null, 'WRONG_TYPE'],
    ['a line as a string', '/lines/0', 'Consultoría', 'WRONG_TYPE'],
    ['empty description', '/lines/0/description', '', 'INVALID_FORMAT'],
    ['description of 501 characters', '/lines/0/description', 'd'.repeat(501), 'INVALID_FORMAT'],
    ['quantity as words', '/lines/0/quantity', 'diez', 'WRONG_TYPE'],
    ['quantity as a numeric string', '/lines/0/quantity', '10', 'WRONG_TYPE'],
    ['absent quantity', '/lines/0/quantity', undefined, 'MISSING_FIELD'],
    ['quantity 0', '/lines/0/quantity', 0, 'OUT_OF_RANGE'],
    ['negative quantity', '/lines/0/quantity', -1, 'OUT_OF_RANGE'],
    ['quantity over 1,000,000', '/lines/0/quantity', 1_000_000.5, 'OUT_OF_RANGE'],
    ['infinite quantity', '/lines/0/quantity', Number.POSITIVE_INFINITY, 'OUT_OF_RANGE'],
    ['NaN unit price', '/lines/0/unitPrice', Number.NaN, 'OUT_OF_RANGE'],
    ['negative unit price', '/lines/0/unitPrice', -0.01, 'OUT_OF_RANGE'],
    ['unit price over 1,000,000,000', '/lines/0/unitPrice', 1_000_000_000.01, 'OUT_OF_RANGE'],
    ['unit price with 5 decimals', '/lines/0/unitPrice', 50.12345, 'OUT_OF_RANGE'],
    ['unit price 1e-7 (7 decimals)', '/lines/0/unitPrice', 1e-7, 'OUT_OF_RANGE'],
    ['tax rate written as a percentage', '/lines/0/taxRate', 21, 'OUT_OF_RANGE'],
    ['negative tax rate', '/lines/0/taxRate', -0.1, 'OUT_OF_RANGE'],
    ['tax rate over 1', '/lines/0/taxRate', 1.01, 'OUT_OF_RANGE'],
    ['tax rate as a string', '/lines/0/taxRate', '21%', 'WRONG_TYPE'],
    ['null totals', '/totals', null, 'MISSING_FIELD'],
    ['net with 3 decimals', '/totals/net', 620.505, 'OUT_OF_RANGE'],
    ['negative gross', '/totals/gross', -1, 'OUT_OF_RANGE'],
    ['gross over 1,000,000,000', '/totals/gross', 1_000_000_000.01, 'OUT_OF_RANGE'],
    ['tax as a string', '/totals/tax', '130.31', 'WRONG_TYPE'],
    ['absent gross', '/totals/gross', undefined, 'MISSING_FIELD'],
  ])('rejects the valid sample with %s', (_case, pointer, value, code) => {
    // Prepare
    const document = validWith(pointer, value);

    // Act
    const result = validateInvoice(document, context);

    // Assess: the one rule is reported, and nothing it would cascade into (no TOTALS_MISMATCH)
    expect(failures(result)).toEqual([[code, pointer]]);
  });

  it.each<[string, string, unknown]>([
    ['an invoice number of 64 allowed characters, with spaces around', '/invoiceNumber', ` F-2026/000.123_${'A'.repeat(49)} `],
    ['no due date', '/dueDate', undefined],
    ['a null due date (null counts as absent for optional fields)', '/dueDate', null],
    ['a due date on the issue date', '/dueDate', '2026-11-20'],
    ['a due date on the leap day 2028-02-29', '/dueDate', '2028-02-29'],
    ['an issue date on the leap day 2024-02-29', '/issueDate', '2024-02-29'],
    ['US dollars', '/currency', 'USD'],
    ['CFA francs', '/currency', 'XOF'],
    ['a tax id with spaces, dashes and lower case', '/issuer/taxId', 'b-123 456 78'],
    ['a tax id of 3 characters', '/customer/taxId', 'X12'],
    ['a tax id of 32 characters', '/customer/taxId', '9'.repeat(32)],
    ['a name of 200 characters', '/issuer/name', 'n'.repeat(200)],
    ['a name of 200 emoji (400 UTF-16 units)', '/issuer/name', '🧾'.repeat(200)],
    ['no customer e-mail', '/customer/email', undefined],
    ['a null customer e-mail', '/customer/email', null],
    ['an e-mail with plus and subdomain', '/customer/email', 'ap+inv@mail.cliente.example'],
    ['a description of 500 characters', '/lines/0/description', 'd'.repeat(500)],
  ])('accepts %s', (_case, pointer, value) => {
    // Prepare
    const document = validWith(pointer, value);

    // Act
    const result = validateInvoice(document, context);

    // Assess
    expect(failures(result)).toEqual([]);
  });

  it.each([
    ['the largest quantity, the smallest price', { quantity: 1_000_000, unitPrice: 0.0001, taxRate: 0 }, { net: 100, tax: 0, gross: 100 }],
    ['a tiny fractional quantity', { quantity: 0.001, unitPrice: 1000, taxRate: 0.21 }, { net: 1, tax: 0.21, gross: 1.21 }],
    ['a free line', { quantity: 3, unitPrice: 0, taxRate: 0.21 }, { net: 0, tax: 0, gross: 0 }],
    ['the largest unit price', { quantity: 1, unitPrice: 1_000_000_000, taxRate: 0 }, { net: 1_000_000_000, tax: 0, gross: 1_000_000_000 }],
    ['a unit price with 4 decimals', { quantity: 1, unitPrice: 12.3456, taxRate: 0 }, { net: 12.35, tax: 0, gross: 12.35 }],
    ['a tax rate of 1', { quantity: 1, unitPrice: 100, taxRate: 1 }, { net: 100, tax: 100, gross: 200 }],
    ['tax 25.305 rounded up to 25.31', { quantity: 1, unitPrice: 120.5, taxRate: 0.21 }, { net: 120.5, tax: 25.31, gross: 145.81 }],
    ['3 x 0.335 = 1.005 rounded up to 1.01', { quantity: 3, unitPrice: 0.335, taxRate: 0 }, { net: 1.01, tax: 0, gross: 1.01 }],
  ])('accepts a line at the edge of the rules: %s', (_case, line, totals) => {
    // Prepare
    const document = invoiceWithLines([line], totals);

    // Act
    const result = validateInvoice(document, context);

    // Assess
    expect(failures(result)).toEqual([]);
  });

  it.each<[string, Partial<Record<'net' | 'tax' | 'gross', number>>, [ReasonCode, string][]]>([
    ['gross 0.01 over', { gross: 605.01 }, []],
    ['gross 0.01 under', { gross: 604.99 }, []],
    ['net 0.01 over (gross is checked against the computed net)', { net: 500.01 }, []],
    ['gross 0.02 over', { gross: 605.02 }, [['TOTALS_MISMATCH', '/totals/gross']]],
    ['tax 0.02 under', { tax: 104.98 }, [['TOTALS_MISMATCH', '/totals/tax']]],
    ['gross 0.011 over: 3 decimals, so out of range, and no mismatch on top', { gross: 605.011 }, [['OUT_OF_RANGE', '/totals/gross']]],
    [
      'every total wrong',
      { net: 400, tax: 50, gross: 450 },
      [
        ['TOTALS_MISMATCH', '/totals/net'],
        ['TOTALS_MISMATCH', '/totals/tax'],
        ['TOTALS_MISMATCH', '/totals/gross'],
      ],
    ],
  ])('allows totals 0.01 away from the lines, no more: %s', (_case, declared, expected) => {
    // Prepare: the lines add up to net 500.00 + tax 105.00 = 605.00
    const document = invoiceWithLines([{ quantity: 10, unitPrice: 50, taxRate: 0.21 }], { net: 500, tax: 105, gross: 605, ...declared });

    // Act
    const result = validateInvoice(document, context);

    // Assess
    expect(failures(result)).toEqual(expected);
  });

  it('says which value a mismatching total should have', () => {
    // Prepare
    const document = loadFixture('invalid-totals');

    // Act
    const result = validateInvoice(document, context);

    // Assess
    expect(result.valid || result.reasons[0]?.message).toBe(
      'totals.gross is 650.00 but the lines add up to 605.00 (net 500.00 + tax 105.00); correct it to 605.00.',
    );
  });

  it.each<[string, string, string, [ReasonCode, string][]]>([
    ['issued one day ahead, to the millisecond', '2026-11-21', '2026-11-20T00:00:00.000Z', []],
    ['issued one day and a millisecond ahead', '2026-11-21', '2026-11-19T23:59:59.999Z', [['ISSUED_IN_FUTURE', '/issueDate']]],
    ['issued later the next day (time zones)', '2026-11-21', '2026-11-20T23:00:00.000Z', []],
    ['issued two days ahead', '2026-11-22', '2026-11-20T10:00:00.000Z', [['ISSUED_IN_FUTURE', '/issueDate']]],
    ['issued years ago (re-validation of an old record)', '2020-01-31', '2026-11-20T10:00:00.000Z', []],
  ])('judges the issue date against the submission time: %s', (_case, issueDate, submittedAt, expected) => {
    // Prepare
    const document = validWith('/issueDate', issueDate);

    // Act
    const result = validateInvoice(document, { submittedAt: new Date(submittedAt) });

    // Assess
    expect(failures(result)).toEqual(expected);
  });

  it.each<[string, string, unknown, [ReasonCode, string][]]>([
    ['a due date the day before the issue date', '2026-11-19', '2026-11-20', [['DUE_BEFORE_ISSUE', '/dueDate']]],
    ['a due date on the issue date', '2026-11-20', '2026-11-20', []],
    ['a due date before an issue date that is not a date', '2026-11-19', '20/11/2026', [['INVALID_FORMAT', '/issueDate']]],
  ])('checks the due date against the issue date: %s', (_case, dueDate, issueDate, expected) => {
    // Prepare
    const document = validWith('/dueDate', dueDate);
    document.issueDate = issueDate;

    // Act
    const result = validateInvoice(document, context);

    // Assess
    expect(failures(result)).toEqual(expected);
  });

  it('reports field rules and cross-field rules together', () => {
    // Prepare
    const document = validWith('/currency', 'XYZ');
    document.dueDate = '2026-11-01';
    (document.totals as JsonObject).gross = 700;

    // Act
    const result = validateInvoice(document, context);

    // Assess
    expect(failures(result)).toEqual([
      ['UNKNOWN_CURRENCY', '/currency'],
      ['DUE_BEFORE_ISSUE', '/dueDate'],
      ['TOTALS_MISMATCH', '/totals/gross'],
    ]);
  });

  it('writes messages that name the field, the problem and the value found', () => {
    // Prepare
    const document = loadFixture('invalid-structure');

    // Act
    const result = validateInvoice(document, context);

    // Assess
    expect(result.valid || result.reasons.map((item) => item.message)).toEqual([
      'issueDate must be a date written YYYY-MM-DD, such as 2026-11-20, but is "20/11/2026".',
      'issuer.taxId is missing; it is required and must be a string.',
      'customer is missing; it is required and must be an object.',
      'lines[0].quantity must be a number, but it is the string "diez".',
    ]);
  });

  it('quotes a long bad value briefly', () => {
    // Prepare
    const document = validWith('/invoiceNumber', `F-${'9'.repeat(5000)}`);

    // Act
    const result = validateInvoice(document, context);

    // Assess
    const message = result.valid ? '' : (result.reasons[0]?.message ?? '');
    expect(message).toContain('"F-9999');
    expect(message).toContain('…"');
    expect(message.length).toBeLessThan(200);
  });

  it(`lists at most ${MAX_REASONS} reasons and says how many more there are`, () => {
    // Prepare: 1000 empty lines break 4 rules each
    const document = validWith('/lines', Array.from({ length: 1000 }, () => ({})));

    // Act
    const result = validateInvoice(document, context);

    // Assess
    const reasons = result.valid ? [] : result.reasons;
    expect(reasons).toHaveLength(MAX_REASONS);
    expect(reasons.at(-1)?.message).toContain('3900 more problems are not listed');
  });

  it('refuses to judge without a valid submission time', () => {
    // Act + Assess
    expect(() => validateInvoice(loadFixture('valid-basic'), { submittedAt: new Date('not a date') })).toThrow(RangeError);
  });
});
