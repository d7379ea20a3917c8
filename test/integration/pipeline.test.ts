/**
 * The pipeline on the real local stack: invoices posted to the HTTP API (or produced
 * straight to the topic, as other producers do) end stored, or in the invalid channel,
 * then quarantined with one notification, and GET /messages tells each outcome.
 */
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import { AdminInbox, countInvoices, getItem } from '../helpers/aws-probes';
import { ADMIN_KEY, callApi, waitForOutcome } from '../helpers/local-api';
import { validInvoice, fixture } from '../helpers/records';
import { uniqueName, waitFor } from '../helpers/wait-for';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const { tables, kafka } = INFRASTRUCTURE;

interface Receipt {
  messageId: string;
  correlationId: string;
}

async function submit(body: Buffer | string, headers: Record<string, string> = {}): Promise<Receipt> {
  const response = await callApi<Receipt>('POST', '/invoices', { body, headers });
  expect(response.status).toBe(202);
  return response.body;
}

/** A fixture with a unique invoice number, so runs never collide on identity. */
function unique(name: string): { body: string; invoiceNumber: string } {
  const invoiceNumber = uniqueName(name.toUpperCase());
  const document = { ...(JSON.parse(fixture(name).toString()) as Record<string, unknown>), invoiceNumber };
  return { body: JSON.stringify(document), invoiceNumber };
}

describe('invoice pipeline on the local stack', () => {
  const inbox = new AdminInbox();
  let producer: Producer;

  beforeAll(async () => {
    producer = new Kafka({ clientId: 'pipeline-test', brokers, logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
  });

  it('stores a valid invoice and serves it exactly as submitted', async () => {
    // Prepare
    const invoiceNumber = uniqueName('VALID');
    const body = validInvoice(invoiceNumber);

    // Act
    const receipt = await submit(body, { 'x-correlation-id': `corr-${invoiceNumber}` });
    const outcome = await waitForOutcome(receipt.messageId);

    // Assess
    expect(outcome).toMatchObject({ status: 'STORED', correlationId: `corr-${invoiceNumber}`, invoice: { issuerTaxId: 'B12345678', invoiceNumber } });
    const stored = await callApi<Record<string, unknown>>('GET', `/invoices/B12345678/${invoiceNumber}`);
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ messageId: receipt.messageId, correlationId: `corr-${invoiceNumber}`, invoice: JSON.parse(body.toString()) });
  });

  it.each([
    ['invalid-structure', 'STRUCTURE', ['INVALID_FORMAT', 'MISSING_FIELD', 'WRONG_TYPE']],
    ['invalid-totals', 'DATA', ['TOTALS_MISMATCH']],
    ['invalid-range', 'RANGE', ['OUT_OF_RANGE']],
  ])('quarantines %s (%s) with its reasons and tells admins once', async (name, category, codes) => {
    // Prepare
    const { body } = unique(name);

    // Act
    const receipt = await submit(body);
    const outcome = await waitForOutcome(receipt.messageId);

    // Assess: the outcome with every reason
    expect(outcome.status).toBe('INVALID');
    expect(new Set(outcome.reasons?.map((reason) => reason.code))).toEqual(new Set(codes));
    // Assess: the quarantine entry, from the invalid channel, with the payload byte-exact
    const entry = await waitFor(() => getItem(tables.invalidInvoices.TableName, { messageId: receipt.messageId }), {
      what: 'the quarantine entry',
    });
    expect(entry).toMatchObject({ status: 'PENDING', category, correlationId: receipt.correlationId, payload: body, payloadEncoding: 'utf8' });
    // Assess: the admins' notification
    const [notification] = await waitFor(async () => (await inbox.drain(), inbox.about(receipt.messageId).length > 0 && inbox.about(receipt.messageId)), {
      what: 'a notification in admin-alerts-inbox',
    });
    expect(notification?.subject.length).toBeLessThan(100);
    expect(notification?.body.items.find((item) => item.messageId === receipt.messageId)).toMatchObject({ category, codes: expect.arrayContaining(codes) });
    expect(JSON.parse(notification?.attributes.category?.Value ?? '[]')).toContain(category);
  });

  it.each([
    ['not JSON', Buffer.from('this is not json'), 'INVALID_JSON', 'utf8'],
    ['not UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), 'INVALID_ENCODING', 'base64'],
  ])('quarantines a record that is %s, produced straight to the topic', async (_what, value, code, encoding) => {
    // Prepare
    const messageId = uniqueName('raw');

    // Act
    await producer.send({ topic: kafka.topic, acks: -1, messages: [{ key: messageId, value, headers: { 'message-id': messageId } }] });
    const outcome = await waitForOutcome(messageId, 60_000, ADMIN_KEY);

    // Assess
    expect(outcome.reasons).toEqual([expect.objectContaining({ category: 'STRUCTURE', code, path: '' })]);
    const entry = await waitFor(() => getItem(tables.invalidInvoices.TableName, { messageId }), { what: 'the quarantine entry' });
    expect(entry?.payloadEncoding).toBe(encoding);
    expect(Buffer.from(entry?.payload as string, encoding as BufferEncoding).equals(value)).toBe(true);
  });

  it('leaves one stored invoice, one quarantine entry and one notification when records are delivered twice', async () => {
    // Prepare: the same records twice, as a redelivery after a crash would bring them
    const validId = uniqueName('twice-valid');
    const invalidId = uniqueName('twice-invalid');
    const invoiceNumber = uniqueName('TWICE');
    const records = [
      { key: `B12345678/${invoiceNumber}`, value: validInvoice(invoiceNumber), headers: { 'message-id': validId } },
      { key: invalidId, value: Buffer.from(unique('invalid-totals').body), headers: { 'message-id': invalidId } },
    ];

    // Act
    await producer.send({ topic: kafka.topic, acks: -1, messages: records });
    await waitForOutcome(validId, 60_000, ADMIN_KEY);
    await waitForOutcome(invalidId, 60_000, ADMIN_KEY);
    await producer.send({ topic: kafka.topic, acks: -1, messages: records });
    // The second delivery is processed once a later record on the same partitions is: wait for markers behind it.
    const markers = records.map((record) => ({ ...record, headers: { 'message-id': uniqueName('marker') }, value: Buffer.from('marker') }));
    await producer.send({ topic: kafka.topic, acks: -1, messages: markers });
    for (const marker of markers) await waitForOutcome(marker.headers['message-id'], 60_000, ADMIN_KEY);
    await waitFor(() => getItem(tables.invalidInvoices.TableName, { messageId: markers[1]?.headers['message-id'] as string }), { what: 'the marker quarantined' });
    await inbox.drain();

    // Assess
    expect(await countInvoices({ issuerTaxId: 'B12345678', invoiceNumber })).toBe(1);
    expect((await waitForOutcome(validId, 60_000, ADMIN_KEY)).status).toBe('STORED');
    expect(await getItem(tables.invalidInvoices.TableName, { messageId: invalidId })).toMatchObject({ status: 'PENDING' });
    expect(inbox.about(invalidId)).toHaveLength(1);
  });

  it('answers a POST retried with the same Idempotency-Key with the first answer, and publishes once', async () => {
    // Prepare
    const invoiceNumber = uniqueName('IDEM');
    const key = uniqueName('idempotency');
    const post = (idempotencyKey: string) => callApi<Receipt & { offset: string }>('POST', '/invoices', { body: validInvoice(invoiceNumber), headers: { 'idempotency-key': idempotencyKey } });

    // Act
    const first = await post(key);
    const retried = await post(key);
    const otherKey = await post(uniqueName('idempotency'));

    // Assess
    expect([first.status, retried.status, otherKey.status]).toEqual([202, 202, 202]);
    expect(retried.body).toEqual(first.body);
    expect(otherKey.body.messageId).not.toBe(first.body.messageId);
    // The retry published nothing: the invoice's only other message is the one with another key, a duplicate.
    expect((await waitForOutcome(first.body.messageId)).status).toBe('STORED');
    expect((await waitForOutcome(otherKey.body.messageId)).status).toBe('DUPLICATE');
  });

  it('answers 404 for a message nobody sent', async () => {
    const response = await callApi('GET', `/messages/${uniqueName('unknown')}`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });
});
