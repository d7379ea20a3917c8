/**
 * The Invoices store on DynamoDB Local, in both of its write modes: conditional puts in
 * parallel (the default), and transactions of up to 100 with the fallback that tells new
 * invoices from existing ones when a transaction's condition fails; and the fence that keeps
 * a message settled as PROCESSING_FAILED from storing its invoice late.
 */
import { StoreRejectedError } from '../../lib/errors';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import { createDocumentClient } from '../../lib/adapters/dynamodb/document-client';
import { DynamoDbInvoiceStore, type InvoiceWriteMode } from '../../lib/adapters/dynamodb/dynamodb-invoice-store';
import type { StoredInvoice } from '../../lib/ports/invoice-store';
import { uniqueName } from '../helpers/wait-for';


function invoice(invoiceNumber: string, messageId = `m-${invoiceNumber}`): StoredInvoice {
  return {
    issuerTaxId: 'B12345678',
    invoiceNumber,
    messageId,
    correlationId: 'c',
    contentHash: 'h',
    payload: '{}',
    submittedAt: '2026-11-24T00:00:00.000Z',
    storedAt: '2026-11-24T00:00:01.000Z',
    origin: { topic: 'invoices', partition: 0, offset: '0' },
  };
}

describe.each<InvoiceWriteMode>(['conditional-puts', 'transactions'])('DynamoDbInvoiceStore.storeAllIfAbsent with %s', (mode) => {
  const store = new DynamoDbInvoiceStore(createDocumentClient(), INFRASTRUCTURE.tables.invoices.TableName, mode);

  it('stores 250 new invoices (three transactions, or 250 puts) and reports each created', async () => {
    // Prepare
    const prefix = uniqueName('TX');
    const invoices = Array.from({ length: 250 }, (_, index) => invoice(`${prefix}-${index}`));

    // Act
    const attempts = await store.storeAllIfAbsent(invoices);

    // Assess
    expect(attempts.every((attempt) => 'created' in attempt && attempt.created)).toBe(true);
    expect((await store.get(invoices[249] as StoredInvoice))?.messageId).toBe(`m-${prefix}-249`);
  });

  it('keeps an existing invoice and still stores the new ones of the same batch', async () => {
    // Prepare
    const prefix = uniqueName('TX');
    await store.storeIfAbsent(invoice(`${prefix}-1`, 'first'));
    const batch = [invoice(`${prefix}-0`), invoice(`${prefix}-1`, 'second'), invoice(`${prefix}-2`)];

    // Act
    const attempts = await store.storeAllIfAbsent(batch);

    // Assess
    expect(attempts.map((attempt) => ('created' in attempt ? attempt.created : attempt.failed))).toEqual([true, false, true]);
    expect(attempts[1]).toMatchObject({ created: false, existing: { messageId: 'first' } });
    expect((await store.get(batch[2] as StoredInvoice))?.messageId).toBe(`m-${prefix}-2`);
  });

  it('reports the invoice DynamoDB refuses as not retriable (it can never be stored as it is), and stores the others', async () => {
    // Prepare: the 101st invoice is over DynamoDB's 400 KB item limit, alone in the second transaction
    const prefix = uniqueName('TX');
    const invoices = Array.from({ length: 101 }, (_, index) => invoice(`${prefix}-${index}`));
    (invoices[100] as StoredInvoice).payload = 'x'.repeat(450 * 1024);

    // Act
    const attempts = await store.storeAllIfAbsent(invoices);

    // Assess
    expect(attempts.slice(0, 100).every((attempt) => 'created' in attempt && attempt.created)).toBe(true);
    expect(attempts[100]).toEqual({ failed: expect.objectContaining({ name: 'StoreRejectedError', retriable: false }) });
    expect(await store.get(invoices[100] as StoredInvoice)).toBeUndefined();
  });

  it('refuses only the item DynamoDB refuses (an empty key: ValidationException), as not retriable, and stores its batch-mates', async () => {
    // Prepare
    const prefix = uniqueName('REFUSED');
    const good = [invoice(`${prefix}-1`), invoice(`${prefix}-2`)];
    const refused = { ...invoice(''), invoiceNumber: '' };

    // Act
    const attempts = await store.storeAllIfAbsent([good[0] as StoredInvoice, refused, good[1] as StoredInvoice]);

    // Assess
    expect(attempts[0]).toEqual({ created: true });
    expect(attempts[2]).toEqual({ created: true });
    const failure = (attempts[1] as { failed: Error }).failed;
    expect(failure).toBeInstanceOf(StoreRejectedError);
    expect((failure as StoreRejectedError).retriable).toBe(false);
    expect(failure.message).toContain('could not store invoice');
  });
});

describe.each<InvoiceWriteMode>(['conditional-puts', 'transactions'])('DynamoDbInvoiceStore.fenceOut with %s', (mode) => {
  const store = new DynamoDbInvoiceStore(createDocumentClient(), INFRASTRUCTURE.tables.invoices.TableName, mode);

  it('refuses a late write of the fenced message, in a batch too, and lets another message replace the fence with its invoice', async () => {
    // Prepare: two messages of the same invoice fenced out (both given up on), nothing stored
    const prefix = uniqueName('FENCE');
    const identity = { issuerTaxId: 'B12345678', invoiceNumber: `${prefix}-1` };
    expect(await store.fenceOut(identity, 'late')).toEqual({ fenced: true });
    expect(await store.fenceOut(identity, 'late')).toEqual({ fenced: true });
    expect(await store.fenceOut(identity, 'other-late')).toEqual({ fenced: true });

    // Act
    const [late, neighbour] = await store.storeAllIfAbsent([invoice(`${prefix}-1`, 'late'), invoice(`${prefix}-2`)]);
    const read = await store.get(identity);
    const resent = await store.storeIfAbsent(invoice(`${prefix}-1`, 'resent'));
    const lateAgain = await store.storeIfAbsent(invoice(`${prefix}-1`, 'other-late'));

    // Assess
    expect(late).toEqual({ created: false, fenced: true });
    expect(neighbour).toEqual({ created: true });
    expect(read).toBeUndefined();
    expect(resent).toEqual({ created: true });
    expect(lateAgain).toMatchObject({ created: false, existing: { messageId: 'resent' } });
  });

  it('does not fence a message out of an invoice already stored, and says which message stored it', async () => {
    const prefix = uniqueName('FENCE');
    await store.storeIfAbsent(invoice(`${prefix}-1`, 'landed'));

    const attempt = await store.fenceOut({ issuerTaxId: 'B12345678', invoiceNumber: `${prefix}-1` }, 'landed');

    expect(attempt).toMatchObject({ fenced: false, existing: { messageId: 'landed' } });
  });
});
