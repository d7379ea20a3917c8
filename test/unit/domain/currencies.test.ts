import { ISO_4217_CURRENCIES, isInvoiceCurrency } from '../../../lib/domain/currencies';

describe('invoice currencies', () => {
  it.each(['EUR', 'USD', 'GBP', 'MXN', 'COP', 'JPY', 'CHF', 'XOF', 'XCG', 'ZWG', 'SLE', 'VES'])('accepts %s', (code) => {
    // Act + Assess
    expect(isInvoiceCurrency(code)).toBe(true);
  });

  it.each([
    ['lower case', 'eur'],
    ['made up', 'XYZ'],
    ['gold, a precious metal', 'XAU'],
    ['a fund code', 'CLF'],
    ['the testing code', 'XTS'],
    ['"no currency"', 'XXX'],
    ['withdrawn for the euro', 'HRK'],
    ['withdrawn for XCG', 'ANG'],
  ])('refuses %s: %s', (_case, code) => {
    // Act + Assess
    expect(isInvoiceCurrency(code)).toBe(false);
  });

  it('holds only three-letter upper-case codes, the full list', () => {
    // Assess
    expect([...ISO_4217_CURRENCIES].every((code) => /^[A-Z]{3}$/.test(code))).toBe(true);
    expect(ISO_4217_CURRENCIES.size).toBeGreaterThan(150);
  });
});
