import { MAX_MESSAGE_ID_LENGTH, traceOf } from '../../../lib/domain/message-trace';
import { incomingRecord } from '../../helpers/records';

describe('traceOf', () => {
  it('takes the trace ids from the headers', () => {
    const record = incomingRecord('{}', { headers: { 'message-id': 'm-1', 'correlation-id': 'c-1', 'causation-id': 'm-0', source: 'admin-resend' } });

    expect(traceOf(record)).toMatchObject({ messageId: 'm-1', correlationId: 'c-1', causationId: 'm-0', source: 'admin-resend' });
  });

  it.each([
    ['no header', {}],
    ['an empty one', { 'message-id': '  ' }],
    ['one too long to key a store on', { 'message-id': 'x'.repeat(MAX_MESSAGE_ID_LENGTH + 1) }],
    ['one with control characters', { 'message-id': 'm-\n1' }],
  ])('derives the message id from the coordinates for %s, and the correlation id from it', (_what, headers) => {
    const record = incomingRecord('{}', { headers, partition: 4, offset: '17' });

    expect(traceOf(record)).toMatchObject({ messageId: 'invoices-4-17', correlationId: 'invoices-4-17' });
  });

  it('keeps a message id as long as the limit', () => {
    const id = 'x'.repeat(MAX_MESSAGE_ID_LENGTH);

    expect(traceOf(incomingRecord('{}', { headers: { 'message-id': id } })).messageId).toBe(id);
  });
});
