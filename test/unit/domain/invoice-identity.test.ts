import { identityKey, normaliseTaxId, readIdentity } from '../../../lib/domain/invoice-identity';

describe('invoice identity', () => {
  it.each([
    ['b-123 45', 'B12345'],
    [' es b12345678 ', 'ESB12345678'],
  ])('normalises tax id %p to %p', (given, expected) => {
    expect(normaliseTaxId(given)).toBe(expected);
  });

  it('reads the identity and builds the record key', () => {
    const identity = readIdentity({ invoiceNumber: ' F-1 ', issuer: { taxId: 'b-1 2' } });

    expect(identity).toEqual({ issuerTaxId: 'B12', invoiceNumber: 'F-1' });
    expect(identity && identityKey(identity)).toBe('B12/F-1');
  });

  it.each([
    ['no issuer', { invoiceNumber: 'F-1' }],
    ['a numeric invoice number', { invoiceNumber: 1, issuer: { taxId: 'B1' } }],
    ['a blank invoice number', { invoiceNumber: '  ', issuer: { taxId: 'B1' } }],
    ['an array', []],
    ['null', null],
  ])('has no identity with %s', (_case, document) => {
    expect(readIdentity(document)).toBeUndefined();
  });
});
