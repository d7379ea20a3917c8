import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InvalidSubmissionError, PublisherUnavailableError } from '../../../lib/errors';
import type { InvoicePublisher } from '../../../lib/ports/invoice-publisher';
import { submitInvoice } from '../../../lib/use-cases/submit-invoice';
import { InMemoryInvoiceStore, InMemoryMessageLog, InMemoryQuarantine, RecordingLog, RecordingPublisher } from '../../helpers/in-memory-ports';
import { trackMessage } from '../../../lib/use-cases/track-message';

const validInvoice = readFileSync(path.join(__dirname, '../../fixtures/valid-basic.json'));
const deps = (publisher: InvoicePublisher) => ({
  publisher,
  newMessageId: () => '3f0c9a4e-0000-4000-8000-000000000001',
  now: () => new Date('2026-11-20T10:00:00.000Z'),
  log: new RecordingLog(),
});

describe('submitInvoice', () => {
  it('publishes the bytes untouched, keyed by identity, with every trace header', async () => {
    // Prepare
    const publisher = new RecordingPublisher();

    // Act
    const receipt = await submitInvoice(deps(publisher), { body: validInvoice, correlationId: 'corr-1' });

    // Assess
    expect(receipt).toEqual({
      messageId: '3f0c9a4e-0000-4000-8000-000000000001',
      correlationId: 'corr-1',
      topic: 'invoices',
      partition: 2,
      offset: '0',
    });
    const [record] = publisher.published;
    expect(record?.value.equals(validInvoice)).toBe(true);
    expect(record?.key).toBe('B12345678/F-2026-000123');
    expect(record?.headers).toEqual({
      'message-id': '3f0c9a4e-0000-4000-8000-000000000001',
      'correlation-id': 'corr-1',
      'content-type': 'application/json',
      'schema-version': '1',
      source: 'invoice-api',
      'event-type': 'InvoiceSubmitted',
      'submitted-at': '2026-11-20T10:00:00.000Z',
    });
  });

  it('keys the record by its message id when the identity cannot be read', async () => {
    const publisher = new RecordingPublisher();

    await submitInvoice(deps(publisher), { body: Buffer.from('{"invoiceNumber":7}'), correlationId: 'c' });

    expect(publisher.published[0]?.key).toBe('3f0c9a4e-0000-4000-8000-000000000001');
  });

  it('adds causation-id and the source on resends', async () => {
    const publisher = new RecordingPublisher();

    await submitInvoice(deps(publisher), { body: validInvoice, correlationId: 'c', source: 'admin-resend', causationId: 'old-id' });

    expect(publisher.published[0]?.headers).toMatchObject({ 'causation-id': 'old-id', source: 'admin-resend' });
  });

  it.each([
    ['an empty body', '', 'The body is empty'],
    ['text that is not JSON', '{"a":', 'is not valid JSON'],
    ['a JSON array', '[{"a":1}]', 'is an array'],
    ['a JSON string', '"invoice"', 'is a string'],
    ['JSON null', 'null', 'is null'],
  ])('refuses %s and publishes nothing', async (_case, body, message) => {
    const publisher = new RecordingPublisher();

    const attempt = submitInvoice(deps(publisher), { body: Buffer.from(body), correlationId: 'c' });

    await expect(attempt).rejects.toThrow(InvalidSubmissionError);
    await expect(attempt).rejects.toThrow(message);
    expect(publisher.published).toHaveLength(0);
  });

  it('refuses bytes that are not UTF-8', async () => {
    const attempt = submitInvoice(deps(new RecordingPublisher()), { body: Buffer.from([0x7b, 0xff, 0x7d]), correlationId: 'c' });

    await expect(attempt).rejects.toThrow('is not valid UTF-8');
  });

  it('lets a broker outage through as PublisherUnavailableError so the API can answer 503', async () => {
    const failing: InvoicePublisher = {
      publish: async () => {
        throw new PublisherUnavailableError('down');
      },
      publishMany: async () => [],
    };

    await expect(submitInvoice(deps(failing), { body: validInvoice, correlationId: 'c' })).rejects.toBeInstanceOf(PublisherUnavailableError);
  });

  it('takes the message id it is given (the correlation id the API made), and notes the invoice on the ACCEPTED entry', async () => {
    // Prepare
    const messageLog = new InMemoryMessageLog();

    // Act
    const receipt = await submitInvoice({ ...deps(new RecordingPublisher()), messageLog }, { body: validInvoice, correlationId: 'made-1', messageId: 'made-1' });

    // Assess
    expect(receipt).toMatchObject({ messageId: 'made-1', correlationId: 'made-1' });
    expect(messageLog.entries.get('made-1')).toMatchObject({ status: 'ACCEPTED', invoice: { issuerTaxId: 'B12345678', invoiceNumber: 'F-2026-000123' } });
  });
});

describe('trackMessage', () => {
  const stored = {
    issuerTaxId: 'B12345678',
    invoiceNumber: 'F-2026-000123',
    correlationId: 'made-1',
    contentHash: 'h',
    payload: '{}',
    submittedAt: '2026-11-20T10:00:00.000Z',
    storedAt: '2026-11-20T10:00:01.000Z',
    origin: { topic: 'invoices', partition: 2, offset: '0' },
  };

  async function accepted() {
    const messageLog = new InMemoryMessageLog();
    const invoices = new InMemoryInvoiceStore();
    await submitInvoice({ ...deps(new RecordingPublisher()), messageLog }, { body: validInvoice, correlationId: 'made-1', messageId: 'made-1' });
    return { messageLog, invoices, quarantine: new InMemoryQuarantine() };
  }

  it('reads STORED from the invoice that names the message (the validator wrote no outcome row for it)', async () => {
    // Prepare: the validator stored the invoice and recorded its outcome, which the log keeps as the ACCEPTED entry
    const deps = await accepted();
    await deps.invoices.storeIfAbsent({ ...stored, messageId: 'made-1' });
    await deps.messageLog.recordOutcomes([{ messageId: 'made-1', status: 'STORED', correlationId: 'made-1', origin: stored.origin, processedAt: stored.storedAt, invoice: { issuerTaxId: 'B12345678', invoiceNumber: 'F-2026-000123' } }]);

    // Act
    const view = await trackMessage(deps, 'made-1');

    // Assess
    expect(deps.messageLog.entries.get('made-1')?.status).toBe('ACCEPTED');
    expect(view).toMatchObject({ messageId: 'made-1', status: 'STORED', processedAt: '2026-11-20T10:00:01.000Z', invoice: { location: '/invoices/B12345678/F-2026-000123' } });
  });

  it('stays ACCEPTED while the invoice is not stored, or is stored by another message', async () => {
    const deps = await accepted();
    expect((await trackMessage(deps, 'made-1'))?.status).toBe('ACCEPTED');

    await deps.invoices.storeIfAbsent({ ...stored, messageId: 'someone-else' });

    expect((await trackMessage(deps, 'made-1'))?.status).toBe('ACCEPTED');
  });
});
