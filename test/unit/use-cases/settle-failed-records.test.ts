import { StoreUnavailableError } from '../../../lib/errors';
import { settleFailedRecords } from '../../../lib/use-cases/settle-failed-records';
import { InMemoryInvalidChannel, InMemoryMessageLog } from '../../helpers/in-memory-ports';
import { fixture, incomingRecord } from '../../helpers/records';

function setup() {
  const invalidChannel = new InMemoryInvalidChannel();
  const messageLog = new InMemoryMessageLog();
  const deps = { invalidChannel, messageLog, now: () => new Date('2026-11-21T10:00:00.000Z'), validator: { name: 'invoice-pipeline', version: 'test' }, maxPayloadBytes: 262_144 };
  return { deps, invalidChannel, messageLog };
}

const failedCopy = () =>
  incomingRecord(fixture('valid-basic'), {
    topic: 'invoices.failed',
    partition: 0,
    offset: '9',
    headers: {
      'message-id': 'm-outage',
      'correlation-id': 'c-outage',
      'failure-source-topic': 'invoices',
      'failure-source-partition': '4',
      'failure-source-offset': '1234',
      'failure-source-timestamp': String(Date.parse('2026-11-21T09:59:00.000Z')),
      'failure-attempts': '11',
      'failure-reason': 'could not store invoice: connect ECONNREFUSED',
    },
  });

describe('settleFailedRecords', () => {
  it('sends a record the validator gave up on to the invalid channel as PROCESSING_FAILED, where it came from', async () => {
    // Prepare
    const { deps, invalidChannel, messageLog } = setup();

    // Act
    await settleFailedRecords(deps, [failedCopy()]);

    // Assess
    const [message] = invalidChannel.sent;
    expect(message).toMatchObject({
      messageId: 'm-outage',
      correlationId: 'c-outage',
      source: { topic: 'invoices', partition: 4, offset: '1234', timestamp: '2026-11-21T09:59:00.000Z' },
      payload: fixture('valid-basic').toString(),
      payloadEncoding: 'utf8',
      headers: { 'message-id': 'm-outage', 'correlation-id': 'c-outage' },
    });
    expect(message?.headers['failure-reason']).toBeUndefined();
    expect(message?.reasons).toEqual([expect.objectContaining({ category: 'PROCESSING', code: 'PROCESSING_FAILED', path: '' })]);
    expect(message?.reasons[0]?.message).toContain('11 attempt(s)');
    expect(messageLog.entries.get('m-outage')).toMatchObject({ status: 'INVALID', kafka: { topic: 'invoices', partition: 4, offset: '1234' } });
  });

  it('fails the batch when the invalid channel is unreachable, so the records are kept for a retry', async () => {
    const { deps, invalidChannel } = setup();
    invalidChannel.failing = true;
    await expect(settleFailedRecords(deps, [failedCopy()])).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
