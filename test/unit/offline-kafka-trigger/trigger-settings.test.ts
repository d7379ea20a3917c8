import { effectiveRetryLimit, readTriggerSettings, type ErrorHandlingConfig, type TriggerSettings } from '../../../localstack/offline-kafka-trigger/trigger-settings';

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
      maximumRecordAgeInSeconds: -1,
      bisectBatchOnFunctionError: false,
      reportBatchItemFailures: false,
    });
  });

  it('reads the error handling controls of a function under their CloudFormation names', () => {
    const [settings] = readTriggerSettings({ f: { events: [{ msk: { arn: 'a', topic: 't' } }] } }, ['b'], {
      f: {
        MaximumRetryAttempts: 3,
        MaximumRecordAgeInSeconds: 3600,
        BisectBatchOnFunctionError: true,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        DestinationConfig: { OnFailure: { Destination: 'kafka://t.failed' } },
      },
    });

    expect(settings).toMatchObject({
      maximumRetryAttempts: 3,
      maximumRecordAgeInSeconds: 3600,
      bisectBatchOnFunctionError: true,
      reportBatchItemFailures: true,
      onFailureTopic: 't.failed',
    });
  });

  it.each([
    [{ MaximumRetryAttempts: -1, DestinationConfig: { OnFailure: { Destination: 'kafka://t.failed' } } }, 10],
    [{ MaximumRetryAttempts: -1 }, -1],
    [{ MaximumRetryAttempts: 0, DestinationConfig: { OnFailure: { Destination: 'kafka://t.failed' } } }, 0],
    [{}, -1],
  ])('applies a retry limit of %j as AWS does: %d', (controls, limit) => {
    const [settings] = readTriggerSettings({ f: { events: [{ msk: { arn: 'a', topic: 't' } }] } }, ['b'], { f: controls });

    expect(effectiveRetryLimit(settings as TriggerSettings)).toBe(limit);
  });

  it.each([
    [{ MaximumRetryAttempts: 10_001 }, 'MaximumRetryAttempts'],
    [{ MaximumRetryAttempts: -2 }, 'MaximumRetryAttempts'],
    [{ MaximumRecordAgeInSeconds: 59 }, 'MaximumRecordAgeInSeconds'],
    [{ MaximumRecordAgeInSeconds: 604_801 }, 'MaximumRecordAgeInSeconds'],
    [{ DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:1:q' } } }, 'kafka://<topic>'],
    [{ DestinationConfig: { OnFailure: { Destination: 'kafka://t' } } }, 'cannot be the source topic'],
    [{ MaximumRetryAttempt: 3 }, 'MaximumRetryAttempt'],
  ])('refuses controls outside AWS\'s ranges: %j', (controls, message) => {
    expect(() => readTriggerSettings({ f: { events: [{ msk: { arn: 'a', topic: 't' } }] } }, ['b'], { f: controls as ErrorHandlingConfig })).toThrow(message);
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
