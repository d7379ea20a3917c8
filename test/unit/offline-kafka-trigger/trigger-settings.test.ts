import { readTriggerSettings } from '../../../localstack/offline-kafka-trigger/trigger-settings';

describe('readTriggerSettings', () => {
  it('reads group, batch size, window and starting position from an msk event', () => {
    const [settings] = readTriggerSettings(
      {
        validateInvoices: {
          name: 'svc-local-validateInvoices',
          events: [
            {
              msk: {
                arn: 'arn:aws:kafka:x',
                topic: 'invoices',
                consumerGroupId: 'invoice-validator',
                batchSize: 500,
                maximumBatchingWindow: 2,
                startingPosition: 'LATEST',
              },
            },
          ],
        },
      },
      ['127.0.0.1:9092'],
    );

    expect(settings).toEqual({
      functionKey: 'validateInvoices',
      functionName: 'svc-local-validateInvoices',
      topic: 'invoices',
      consumerGroup: 'invoice-validator',
      batchSize: 500,
      maximumBatchingWindowInSeconds: 2,
      startingPosition: 'LATEST',
      source: { kind: 'msk', clusterArn: 'arn:aws:kafka:x' },
      brokers: ['127.0.0.1:9092'],
      maximumRetryAttempts: -1,
    });
  });

  it.each([
    [{ maximumRetryAttempts: 3, onFailureDestination: 'kafka://invoices.failed' }, { maximumRetryAttempts: 3, onFailureTopic: 'invoices.failed' }],
    [{ maximumRetryAttempts: 3 }, { maximumRetryAttempts: 3, onFailureTopic: undefined }],
    [{ maximumRetryAttempts: 3, onFailureDestination: 'kafka://t' }, { maximumRetryAttempts: 3, onFailureTopic: undefined }],
  ])('applies the retry policy %j as %j (never a destination equal to the source topic)', (retry, expected) => {
    const [settings] = readTriggerSettings({ f: { events: [{ msk: { arn: 'a', topic: 't' } }] } }, ['b'], retry);

    expect({ maximumRetryAttempts: settings?.maximumRetryAttempts, onFailureTopic: settings?.onFailureTopic }).toEqual(expected);
  });

  it('applies the AWS defaults and the invoice-validator group when the event leaves them out', () => {
    const [settings] = readTriggerSettings({ f: { events: [{ kafka: { topic: 't', bootstrapServers: ['x:9092'] } }] } }, ['127.0.0.1:9092']);

    expect(settings).toMatchObject({
      functionName: 'f',
      consumerGroup: 'invoice-validator',
      batchSize: 100,
      maximumBatchingWindowInSeconds: 0,
      startingPosition: 'TRIM_HORIZON',
      source: { kind: 'self-managed' },
    });
  });

  it('skips disabled events and other event types', () => {
    const settings = readTriggerSettings(
      { f: { events: [{ http: { path: 'x' } }, { msk: { arn: 'a', topic: 't', enabled: false } }] } },
      ['b'],
    );

    expect(settings).toEqual([]);
  });

  it('refuses a Kafka event without a topic', () => {
    expect(() => readTriggerSettings({ f: { events: [{ msk: { arn: 'a' } }] } }, ['b'])).toThrow('needs a topic');
  });
});
