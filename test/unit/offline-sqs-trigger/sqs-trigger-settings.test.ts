import { readSqsTriggerSettings } from '../../../localstack/offline-sqs-trigger/sqs-trigger-settings';

const resources = {
  InvalidInvoicesQueue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'invalid-invoices' } },
  UnnamedQueue: { Type: 'AWS::SQS::Queue', Properties: {} },
};

describe('readSqsTriggerSettings', () => {
  it('resolves the queue name of Fn::GetAtt [LogicalId, Arn] through the resource QueueName', () => {
    // Prepare
    const functions = {
      quarantineInvalid: {
        name: 'invoice-pipeline-local-quarantineInvalid',
        events: [
          {
            sqs: {
              arn: { 'Fn::GetAtt': ['InvalidInvoicesQueue', 'Arn'] },
              batchSize: 5,
              maximumBatchingWindow: 2,
              functionResponseType: 'ReportBatchItemFailures',
            },
          },
        ],
      },
    };

    // Act
    const settings = readSqsTriggerSettings(functions, resources);

    // Assess
    expect(settings).toEqual([
      {
        functionKey: 'quarantineInvalid',
        functionName: 'invoice-pipeline-local-quarantineInvalid',
        queueName: 'invalid-invoices',
        batchSize: 5,
        maximumBatchingWindowInSeconds: 2,
        reportBatchItemFailures: true,
      },
    ]);
  });

  it('accepts the dotted Fn::GetAtt form', () => {
    const [settings] = readSqsTriggerSettings({ f: { events: [{ sqs: { arn: { 'Fn::GetAtt': 'InvalidInvoicesQueue.Arn' } } }] } }, resources);

    expect(settings?.queueName).toBe('invalid-invoices');
  });

  it('takes the queue name from a literal ARN', () => {
    const [settings] = readSqsTriggerSettings(
      { f: { events: [{ sqs: { arn: 'arn:aws:sqs:us-east-1:000000000000:invalid-invoices', batchSize: 1 } }] } },
    );

    expect(settings).toMatchObject({ queueName: 'invalid-invoices', batchSize: 1 });
  });

  it('reads the string form as an ARN with every AWS default', () => {
    const [settings] = readSqsTriggerSettings({ f: { events: [{ sqs: 'arn:aws:sqs:eu-west-1:123456789012:orders' }] } });

    expect(settings).toEqual({
      functionKey: 'f',
      functionName: 'f',
      queueName: 'orders',
      batchSize: 10,
      maximumBatchingWindowInSeconds: 0,
      reportBatchItemFailures: false,
    });
  });

  it('applies the AWS defaults to the object form: batch 10, no window, no partial batch responses', () => {
    const [settings] = readSqsTriggerSettings({ f: { events: [{ sqs: { arn: { 'Fn::GetAtt': ['InvalidInvoicesQueue', 'Arn'] } } }] } }, resources);

    expect(settings).toMatchObject({ batchSize: 10, maximumBatchingWindowInSeconds: 0, reportBatchItemFailures: false });
  });

  it('skips disabled sqs events and other event types', () => {
    const settings = readSqsTriggerSettings(
      { f: { events: [{ http: { path: 'x' } }, { sqs: { arn: 'arn:aws:sqs:us-east-1:1:q', enabled: false } }] } },
    );

    expect(settings).toEqual([]);
  });

  it.each([
    ['an ARN of another service', { arn: 'arn:aws:sns:us-east-1:1:topic' }, 'is not an SQS queue ARN'],
    ['a GetAtt of an unknown resource', { arn: { 'Fn::GetAtt': ['Missing', 'Arn'] } }, 'is not a queue with a QueueName'],
    ['a GetAtt of a queue without QueueName', { arn: { 'Fn::GetAtt': ['UnnamedQueue', 'Arn'] } }, 'is not a queue with a QueueName'],
    ['a GetAtt of another attribute', { arn: { 'Fn::GetAtt': ['InvalidInvoicesQueue', 'QueueUrl'] } }, 'invalid sqs event'],
  ])('refuses %s', (_case, sqs, message) => {
    expect(() => readSqsTriggerSettings({ f: { events: [{ sqs }] } }, resources)).toThrow(message);
  });
});
