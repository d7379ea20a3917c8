/** The chaos drills' reading of the RabbitMQ trigger's lines: who settled which message, and what was handed out twice. */
import { TriggerLog } from '../../../chaos/trigger-log';

const line = (fields: Record<string, unknown>) => JSON.stringify({ trigger: 'rabbitmq', ...fields });

describe('TriggerLog on RabbitMQ lines', () => {
  it('counts acked messages per consumer, and a message acked by two consumers', () => {
    const log = new TriggerLog();
    log.onLine(line({ consumer: 'consumer-1', event: 'started', pid: 101 }));
    log.onLine(line({ consumer: 'consumer-1', function: 'validateInvoices', queue: 'invoices', event: 'invoked', messages: 2, ok: true, messageIds: ['a', 'b'] }));
    log.onLine(line({ consumer: 'consumer-2', function: 'validateInvoices', queue: 'invoices', event: 'invoked', messages: 2, ok: false, messageIds: ['c', 'd'] }));
    log.onLine(line({ consumer: 'consumer-3', function: 'validateInvoices', queue: 'invoices', event: 'invoked', messages: 3, ok: true, messageIds: ['c', 'd', 'b'] }));

    expect(log.split('invoices')).toEqual({ 'consumer-1': 2, 'consumer-3': 3 });
    expect(log.redeliveries('invoices')).toEqual({ records: 1, byOtherMember: 1 });
    expect(log.mostInvocationsOfOneRecord('invoices')).toBe(2);
    expect(log.invokedAfterSettled('invoices')).toBe(1);
    expect(log.memberPids.get('consumer-1')).toBe(101);
  });

  it('leaves the Kafka lines to the Kafka reading', () => {
    const log = new TriggerLog();
    log.onLine(JSON.stringify({ trigger: 'kafka', member: 'member-1', event: 'batch', records: 'invoices-0@0..1', count: 2, outcome: 'ok' }));

    expect(log.split('invoices')).toEqual({ 'member-1': 2 });
    expect(log.queueBatches).toHaveLength(0);
  });
});
