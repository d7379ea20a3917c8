import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateEditorText } from '../../../admin-console/src/live-validation';
import { validateInvoice } from '../../../lib/domain/validate-invoice';
import { loadFixture, SUBMITTED_AT } from '../domain/invoice-fixtures';

const fixtureText = (name: string) => readFileSync(join(__dirname, '..', '..', 'fixtures', `${name}.json`), 'utf8');

describe('validateEditorText', () => {
  it('reports the totals mismatch of the invalid-totals sample at /totals/gross', () => {
    // Act
    const reasons = validateEditorText(fixtureText('invalid-totals'), SUBMITTED_AT);

    // Assess
    expect(reasons.map(({ code, path }) => ({ code, path }))).toEqual([{ code: 'TOTALS_MISMATCH', path: '/totals/gross' }]);
  });

  it('finds nothing once gross is corrected to net + tax', () => {
    // Prepare
    const invoice = loadFixture('invalid-totals');
    (invoice.totals as Record<string, unknown>).gross = 605;

    // Act
    const reasons = validateEditorText(JSON.stringify(invoice, null, 2), SUBMITTED_AT);

    // Assess
    expect(reasons).toEqual([]);
  });

  it.each([
    ['half-typed JSON', '{"invoiceNumber": "F-1",', 'INVALID_JSON'],
    ['an empty editor', '', 'INVALID_JSON'],
    ['an array', '[]', 'NOT_AN_OBJECT'],
    ['an object with nothing in it', '{}', 'MISSING_FIELD'],
  ])('explains %s', (_name, text, code) => {
    // Act
    const reasons = validateEditorText(text, SUBMITTED_AT);

    // Assess
    expect(reasons[0]?.code).toBe(code);
  });

  it('gives exactly what the back end validator gives, message for message', () => {
    // Prepare
    const text = fixtureText('invalid-range');

    // Act
    const reasons = validateEditorText(text, SUBMITTED_AT);

    // Assess
    expect(validateInvoice(JSON.parse(text), { submittedAt: SUBMITTED_AT })).toEqual({ valid: false, reasons });
  });
});
