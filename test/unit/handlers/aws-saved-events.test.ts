/**
 * AWS's own documented events (test/events/) fed to the real handlers, over in-memory
 * stores: what AWS sends must be read, and what the handlers answer must be what AWS reads.
 */
import type { SQSEvent } from 'aws-lambda';
import { createSettleFailedRecordsHandler } from '../../../handlers/kafka/settle-failed-records';
import { createValidateInvoicesHandler } from '../../../handlers/kafka/validate-invoices';
import { createQuarantineInvalidHandler } from '../../../handlers/sqs/quarantine-invalid';
import { buildInvalidInvoiceMessage } from '../../../lib/domain/invalid-invoice-message';
import { reason } from '../../../lib/domain/reasons';
import { lambdaContext, savedAwsEvent, type SavedEventName } from '../../helpers/aws-events';
import { InMemoryInvalidChannel, InMemoryInvoiceStore, InMemoryMessageLog, InMemoryQuarantine, RecordingMetrics, RecordingNotifier } from '../../helpers/in-memory-ports';
import { incomingRecord } from '../../helpers/records';

function validatorPorts() {
  const ports = { invoiceStore: new InMemoryInvoiceStore(), invalidChannel: new InMemoryInvalidChannel(), messageLog: new InMemoryMessageLog(), metrics: new RecordingMetrics() };
  const deps = { ...ports, now: () => new Date('2026-12-01T10:00:00.000Z'), validator: { name: 'invoice-pipeline', version: 'test' }, maxPayloadBytes: 262_144 };
  return { deps, ...ports };
}

/** The event Lambda sends settleFailedRecords for one record of invoices.failed whose value is `value`. */
function eventFromFailureTopic(value: Buffer, key: Buffer | null = Buffer.from('dGVzdC1rZXk=', 'base64')) {
  const event = savedAwsEvent<{ records: Record<string, Array<Record<string, unknown>>> }>('msk-event');
  event.records = {
    'invoices.failed-2': [
      { topic: 'invoices.failed', partition: 2, offset: 7, timestamp: 1749116692400, timestampType: 'CREATE_TIME', ...(key ? { key: key.toString('base64') } : {}), value: value.toString('base64'), headers: [] },
    ],
  };
  return event;
}

describe('validateInvoices with AWS saved Kafka events', () => {
  it.each<SavedEventName>(['msk-event', 'self-managed-kafka-event', 'self-managed-kafka-event-powertools'])(
    'reads %s and quarantines its record (not an invoice) under the id of its coordinates',
    async (name) => {
      // Prepare
      const { deps, invalidChannel, messageLog, metrics } = validatorPorts();

      // Act
      const response = await createValidateInvoicesHandler(deps)(savedAwsEvent(name), lambdaContext());

      // Assess
      expect(response).toEqual({ batchItemFailures: [] });
      expect(invalidChannel.sent).toHaveLength(1);
      expect(invalidChannel.sent[0]).toMatchObject({ messageId: 'mytopic-0-15', source: { topic: 'mytopic', partition: 0, offset: '15' }, headers: { headerKey: 'headerValue' } });
      expect(messageLog.entries.get('mytopic-0-15')?.status).toBe('INVALID');
      expect(metrics.total('InvoicesInvalid', { category: 'STRUCTURE' })).toBe(1);
      expect(metrics.total('InvoicesStored')).toBe(0);
    },
  );

  it('answers with AWS\'s partial batch response for the record it could not settle', async () => {
    // Prepare
    const { deps, invalidChannel } = validatorPorts();
    invalidChannel.failing = true;

    // Act
    const response = await createValidateInvoicesHandler(deps)(savedAwsEvent('msk-event'), lambdaContext());

    // Assess: AWS DG "Configuring error handling controls for Kafka event sources", PartialBatchResponse
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: { partition: 'mytopic-0', 'topic-partition': 'mytopic-0', offset: 15 } }] });
  });

  it('fails the invocation on an event it cannot read, so the mapping retries, splits and finally hands it to the destination', async () => {
    const { deps } = validatorPorts();

    await expect(createValidateInvoicesHandler(deps)({ eventSource: 'aws:kafka', records: 'nope' }, lambdaContext())).rejects.toThrow();
  });
});

describe('settleFailedRecords with AWS\'s on-failure envelope', () => {
  it('unwraps the envelope and quarantines the original record as PROCESSING_FAILED, byte-exact, where it came from', async () => {
    // Prepare
    const { deps, invalidChannel, messageLog, metrics } = validatorPorts();
    const envelope = Buffer.from(JSON.stringify(savedAwsEvent('kafka-on-failure-envelope')));

    // Act
    await createSettleFailedRecordsHandler(deps)(eventFromFailureTopic(envelope), lambdaContext());

    // Assess
    const [message] = invalidChannel.sent;
    expect(message).toMatchObject({
      messageId: 'my-topic-0-100',
      payload: 'test-value',
      payloadEncoding: 'utf8',
      source: { topic: 'my-topic', partition: 0, offset: '100', timestamp: new Date(1749116692330).toISOString(), key: 'test-key' },
    });
    expect(message?.reasons).toEqual([expect.objectContaining({ code: 'PROCESSING_FAILED', category: 'PROCESSING' })]);
    expect(message?.reasons[0]?.message).toContain('gave up (RetriesExhausted) after 3 invocation(s)');
    expect(messageLog.entries.get('my-topic-0-100')).toMatchObject({ status: 'INVALID', origin: { topic: 'my-topic', partition: 0, offset: '100' } });
    expect(metrics.total('InvoicesProcessingFailed')).toBe(1);
    expect(metrics.published).toBe(1);
  });

  it('keeps the message id and correlation id the original record carried in its headers', async () => {
    // Prepare
    const { deps, invalidChannel } = validatorPorts();
    const envelope = savedAwsEvent<{ payload: { records: Record<string, Array<{ headers: unknown[] }>> } }>('kafka-on-failure-envelope');
    (envelope.payload.records['my-topic-0'] as Array<{ headers: unknown[] }>)[0] = {
      ...(envelope.payload.records['my-topic-0'] as Array<{ headers: unknown[] }>)[0],
      headers: [{ 'message-id': [...Buffer.from('m-original')] }, { 'correlation-id': [...Buffer.from('c-original')] }],
    };

    // Act
    await createSettleFailedRecordsHandler(deps)(eventFromFailureTopic(Buffer.from(JSON.stringify(envelope))), lambdaContext());

    // Assess
    expect(invalidChannel.sent[0]).toMatchObject({ messageId: 'm-original', correlationId: 'c-original' });
  });

  it.each([
    ['bytes that are not text', Buffer.from([0xff, 0xfe, 0x00]), 'its value is not JSON text'],
    ['JSON that is not an envelope', Buffer.from('{"invoiceNumber":"F-1"}'), 'it is not an AWS Kafka failure envelope'],
  ])('quarantines %s as it arrived, saying so, and never drops it', async (_what, value, problem) => {
    // Prepare
    const { deps, invalidChannel } = validatorPorts();

    // Act
    await createSettleFailedRecordsHandler(deps)(eventFromFailureTopic(value), lambdaContext());

    // Assess
    expect(invalidChannel.sent).toHaveLength(1);
    expect(invalidChannel.sent[0]).toMatchObject({ messageId: 'invoices.failed-2-7', source: { topic: 'invoices.failed', partition: 2, offset: '7' } });
    expect(Buffer.from(invalidChannel.sent[0]?.payload ?? '', invalidChannel.sent[0]?.payloadEncoding === 'base64' ? 'base64' : 'utf8').equals(value)).toBe(true);
    expect(invalidChannel.sent[0]?.reasons[0]?.message).toContain(problem);
  });
});

describe('quarantineInvalid with AWS\'s saved SQS event', () => {
  function quarantinePorts() {
    const quarantine = new InMemoryQuarantine();
    const notifier = new RecordingNotifier();
    const metrics = new RecordingMetrics();
    return { quarantine, notifier, metrics, deps: { quarantine, notifier, metrics, now: () => new Date('2026-12-01T10:00:00.000Z') } };
  }

  it('reports the messages it cannot read (AWS\'s sample bodies are not invalid-invoice messages) as batch item failures', async () => {
    const { deps, quarantine } = quarantinePorts();

    const response = await createQuarantineInvalidHandler(deps)(savedAwsEvent<SQSEvent>('sqs-event'), lambdaContext());

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '059f36b4-87a3-44ab-83d2-661975830a7d' }, { itemIdentifier: '2e1424d4-f796-459a-8184-9c92662be6da' }] });
    expect(quarantine.entries.size).toBe(0);
  });

  it('quarantines an invalid-invoice message delivered in AWS\'s SQS event shape and notifies admins once', async () => {
    // Prepare
    const { deps, quarantine, notifier, metrics } = quarantinePorts();
    const event = savedAwsEvent<SQSEvent>('sqs-event');
    const message = buildInvalidInvoiceMessage(incomingRecord('{"invoiceNumber":"F-9"}'), [reason('MISSING_FIELD', '/currency', 'currency is missing')], {
      messageId: 'm-sqs',
      correlationId: 'c-sqs',
      detectedAt: new Date('2026-12-01T09:59:00.000Z'),
      validator: { name: 'invoice-pipeline', version: 'test' },
      maxPayloadBytes: 262_144,
    });
    event.Records = [{ ...(event.Records[0] as SQSEvent['Records'][number]), body: JSON.stringify(message) }];

    // Act
    const response = await createQuarantineInvalidHandler(deps)(event, lambdaContext());

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(quarantine.entries.get('m-sqs')).toMatchObject({ status: 'PENDING', codes: ['MISSING_FIELD'] });
    expect(notifier.notifications).toHaveLength(1);
    expect(metrics.total('InvoicesQuarantined')).toBe(1);
  });
});
