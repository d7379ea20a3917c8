import { traceHash, traceOfHash, traceQueryOf, traceSearch } from '../../../admin-console/src/trace-query';

describe('the message explorer query', () => {
  it('reads issuer/number as an invoice (the number may hold /) and anything else as an id', () => {
    expect(traceQueryOf('B12345678/F-2026/7')).toEqual({ by: 'invoice', issuerTaxId: 'B12345678', invoiceNumber: 'F-2026/7' });
    expect(traceQueryOf(' 0f8e6d2c ')).toEqual({ by: 'messageId', value: '0f8e6d2c' });
    expect(traceQueryOf('abc', 'correlationId')).toEqual({ by: 'correlationId', value: 'abc' });
    expect(traceQueryOf('   ')).toBeUndefined();
  });

  it('asks the API with the parameters it documents', () => {
    expect(traceSearch({ by: 'invoice', issuerTaxId: 'B1', invoiceNumber: 'F/1' })).toBe('issuerTaxId=B1&invoiceNumber=F%2F1');
    expect(traceSearch({ by: 'correlationId', value: 'c 1' })).toBe('correlationId=c+1');
  });

  it('keeps a lookup in the address and reads it back', () => {
    for (const query of [{ by: 'invoice', issuerTaxId: 'B1', invoiceNumber: 'F/1' }, { by: 'messageId', value: 'm/1' }, { by: 'correlationId', value: 'c-1' }] as const) {
      expect(traceOfHash(traceHash(query))).toEqual(query);
    }
    expect(traceOfHash('#trace')).toBeUndefined();
  });
});
