/** Items read back from DynamoDB are parsed where they enter the core: a damaged one is refused, saying what is wrong. */
import { messageEntryItemSchema, parseItem, storedInvoiceItemSchema } from '../../../lib/adapters/dynamodb/item-schemas';
import { StoreRejectedError } from '../../../lib/errors';

const storedItem = {
  issuerTaxId: 'B12345678',
  invoiceNumber: 'F-1',
  messageId: 'm-1',
  correlationId: 'c-1',
  contentHash: 'h',
  payload: '{}',
  submittedAt: '2026-12-01T10:00:00.000Z',
  storedAt: '2026-12-01T10:00:01.000Z',
  origin: { topic: 'invoices', partition: 0, offset: '7' },
};

describe('parseItem', () => {
  it('passes a whole item through as the port type', () => {
    expect(parseItem(storedInvoiceItemSchema, storedItem, 'Invoices')).toEqual(storedItem);
  });

  it('refuses a damaged item as not retriable, naming the table and the field', () => {
    const damaged = { ...storedItem, origin: { topic: 'invoices', partition: '0', offset: '7' } };

    const read = () => parseItem(storedInvoiceItemSchema, damaged, 'Invoices');

    expect(read).toThrow(StoreRejectedError);
    expect(read).toThrow(/an item of Invoices is not in the expected shape \(origin\.partition: /);
  });

  it('refuses a message entry in a status this version does not know', () => {
    expect(() => parseItem(messageEntryItemSchema, { messageId: 'm-1', status: 'LOST' }, 'InvoiceMessages')).toThrow(/status/);
  });
});
