/**
 * serverless.yml and the local provisioning both read lib/resources.json; this proves the
 * deployed names and settings are the ones provisioned locally, so the two cannot drift.
 */
import { INFRASTRUCTURE } from '../../../lib/infrastructure';
import { resolvedServerlessConfig, type ResolvedServerlessConfig } from '../../helpers/serverless-config';

describe('serverless.yml and lib/resources.json', () => {
  let config: ResolvedServerlessConfig;

  beforeAll(() => {
    config = resolvedServerlessConfig();
  });

  function resourceOfType(type: string, nameProperty: string, name: string) {
    return Object.values(config.resources.Resources).find(
      (resource) => resource.Type === type && resource.Properties[nameProperty] === name,
    );
  }

  it.each(Object.values(INFRASTRUCTURE.tables).map((table) => [table.TableName, table] as const))(
    'declares table %s with the provisioned keys',
    (_name, table) => {
      const resource = resourceOfType('AWS::DynamoDB::Table', 'TableName', table.TableName);
      expect(resource?.Properties).toMatchObject({
        KeySchema: table.KeySchema,
        AttributeDefinitions: table.AttributeDefinitions,
      });
    },
  );

  it.each([INFRASTRUCTURE.queues.invalidInvoices, INFRASTRUCTURE.queues.invalidInvoicesDlq])('declares queue %s', (name) => {
    expect(resourceOfType('AWS::SQS::Queue', 'QueueName', name)).toBeDefined();
  });

  it('gives the invalid channel the provisioned retention and redrive', () => {
    const queue = resourceOfType('AWS::SQS::Queue', 'QueueName', INFRASTRUCTURE.queues.invalidInvoices);
    expect(queue?.Properties).toMatchObject({
      MessageRetentionPeriod: INFRASTRUCTURE.queues.retentionSeconds,
      RedrivePolicy: { maxReceiveCount: INFRASTRUCTURE.queues.maxReceiveCount },
    });
  });

  it('declares the admin alerts topic', () => {
    expect(resourceOfType('AWS::SNS::Topic', 'TopicName', INFRASTRUCTURE.topics.adminAlerts)).toBeDefined();
  });

  it('triggers validateInvoices from the provisioned topic with the provisioned group and batching', () => {
    const kafkaEvent = config.functions.validateInvoices?.events?.find((event) => 'msk' in event || 'kafka' in event);
    const settings = kafkaEvent?.msk ?? kafkaEvent?.kafka;
    const { kafka } = INFRASTRUCTURE;
    expect(settings).toMatchObject({
      topic: kafka.topic,
      consumerGroupId: kafka.consumerGroup,
      batchSize: kafka.batchSize,
      maximumBatchingWindow: kafka.maximumBatchingWindowInSeconds,
      startingPosition: kafka.startingPosition,
    });
  });

  it('runs every function on Node.js 22', () => {
    expect(config.provider.runtime).toBe('nodejs22.x');
  });
});
