/**
 * What `osls package --stage prod` makes, without AWS (deploy/package-offline.ts): the template
 * a careful AWS engineer would be asked to approve, for Kafka on Amazon MSK, for self-managed
 * Kafka and for RabbitMQ on Amazon MQ (transport=rabbitmq). The settings come from
 * lib/resources.json, so the deployed pipeline and the local one cannot drift apart.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { INFRASTRUCTURE } from '../../../lib/infrastructure';
import { lintTemplate } from '../../../deploy/check';
import { OFFLINE_PARAMS, packageStage, type CloudFormationResource, type CloudFormationTemplate, type PackagedStage } from '../../../deploy/package-offline';

const PACKAGING_TIMEOUT_MS = 180_000;
const CFN_LINT = path.resolve(__dirname, '../../../deploy/.venv/bin/cfn-lint');
const { kafka, queues, rabbitmq, tables } = INFRASTRUCTURE;

/** Actions AWS offers no resource-level permission for: only these may have Resource "*". */
const ACTIONS_WITHOUT_RESOURCES = new Set(['ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups', 'ec2:DescribeVpcs']);

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

let msk: PackagedStage;
let selfManaged: PackagedStage;
let rabbitMq: PackagedStage;

beforeAll(async () => {
  // One at a time: osls writes every package through the project's .serverless folder.
  msk = await packageStage({ stage: 'prod', broker: 'msk' });
  selfManaged = await packageStage({ stage: 'prod', broker: 'self-managed' });
  rabbitMq = await packageStage({ stage: 'prod', broker: 'rabbitmq' });
}, PACKAGING_TIMEOUT_MS);

afterAll(() => {
  for (const packaged of [msk, selfManaged, rabbitMq]) if (packaged) rmSync(packaged.directory, { recursive: true, force: true });
});

function resources(template: CloudFormationTemplate, type: string): Array<[string, CloudFormationResource]> {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

function resource(template: CloudFormationTemplate, logicalId: string): CloudFormationResource {
  const found = template.Resources[logicalId];
  if (!found) throw new Error(`the template has no ${logicalId}`);
  return found;
}

function props(template: CloudFormationTemplate, logicalId: string): Record<string, unknown> {
  return resource(template, logicalId).Properties ?? {};
}

function actionsOf(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** Every statement a role grants: its inline policies and the AWS::IAM::Policy resources attached to it. */
function statementsOf(template: CloudFormationTemplate, roleId: string): Statement[] {
  const role = props(template, roleId) as { Policies?: Array<{ PolicyDocument: { Statement: Statement[] } }>; ManagedPolicyArns?: unknown[] };
  const attached = resources(template, 'AWS::IAM::Policy')
    .map(([, policy]) => policy.Properties as { Roles: Array<{ Ref: string }>; PolicyDocument: { Statement: Statement[] } })
    .filter((policy) => policy.Roles.some((reference) => reference.Ref === roleId));
  return [...(role.Policies ?? []), ...attached].flatMap((policy) => policy.PolicyDocument.Statement);
}

function roleOf(template: CloudFormationTemplate, functionId: string): string {
  const role = props(template, functionId).Role as { 'Fn::GetAtt'?: [string, string] };
  const roleId = role['Fn::GetAtt']?.[0];
  if (!roleId) throw new Error(`${functionId} has no role of its own`);
  return roleId;
}

function functionIds(template: CloudFormationTemplate): string[] {
  return resources(template, 'AWS::Lambda::Function').map(([id]) => id);
}

/** [action, resource] pairs a function's role grants, for exact least-privilege checks. */
function grants(template: CloudFormationTemplate, functionId: string): Array<[string, unknown]> {
  return statementsOf(template, roleOf(template, functionId))
    .filter((statement) => !actionsOf(statement).some((action) => action.startsWith('logs:') || action.startsWith('ec2:')))
    .flatMap((statement) => actionsOf(statement).map((action): [string, unknown] => [action, statement.Resource]));
}

const getAtt = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });

describe('the Kafka event source mapping of validateInvoices', () => {
  it.each([
    ['msk', () => msk],
    ['self-managed', () => selfManaged],
  ])('reads the invoices topic as group invoice-validator with the settings of lib/resources.json (%s)', (_source, packaged) => {
    // Act
    const mapping = props(packaged().template, 'ValidateInvoicesKafkaEventSourceMapping');

    // Assess
    expect(mapping).toMatchObject({
      FunctionName: { Ref: 'ValidateInvoicesLambdaFunction' },
      Topics: [kafka.topic],
      StartingPosition: kafka.startingPosition,
      BatchSize: kafka.batchSize,
      MaximumBatchingWindowInSeconds: kafka.maximumBatchingWindowInSeconds,
      MaximumRetryAttempts: kafka.maximumRetryAttempts,
      MaximumRecordAgeInSeconds: kafka.maximumRecordAgeInSeconds,
      BisectBatchOnFunctionError: kafka.bisectBatchOnFunctionError,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: `kafka://${kafka.failedTopic}` } },
      // Kafka mappings accept the error handling controls above only in provisioned mode.
      ProvisionedPollerConfig: { MinimumPollers: kafka.minimumPollers, MaximumPollers: kafka.maximumPollers },
    });
    const group = (mapping.AmazonManagedKafkaEventSourceConfig ?? mapping.SelfManagedKafkaEventSourceConfig) as { ConsumerGroupId: string };
    expect(group.ConsumerGroupId).toBe(kafka.consumerGroup);
  });

  it('uses the MSK cluster given as a parameter, with IAM authentication (no access configuration)', () => {
    const mapping = props(msk.template, 'ValidateInvoicesKafkaEventSourceMapping');
    expect(mapping.EventSourceArn).toMatch(/^arn:aws:kafka:[a-z0-9-]+:\d{12}:cluster\//);
    expect(mapping.SourceAccessConfigurations).toBeUndefined();
  });

  it('signs in to self-managed Kafka with the SCRAM secret, through the subnets and security groups given', () => {
    const mapping = props(selfManaged.template, 'ValidateInvoicesKafkaEventSourceMapping');
    const access = mapping.SourceAccessConfigurations as Array<{ Type: string; URI: string }>;
    expect(access.map((entry) => entry.Type)).toEqual(['SASL_SCRAM_512_AUTH', 'VPC_SUBNET', 'VPC_SUBNET', 'VPC_SECURITY_GROUP']);
    expect(access[0]?.URI).toMatch(/^arn:aws:secretsmanager:/);
  });

  it('sends the records settleFailedRecords takes from the on-failure topic with its own group, never back', () => {
    const settle = props(msk.template, 'SettleFailedRecordsKafkaEventSourceMapping');
    expect(settle).toMatchObject({
      FunctionName: { Ref: 'SettleFailedRecordsLambdaFunction' },
      Topics: [kafka.failedTopic],
      AmazonManagedKafkaEventSourceConfig: { ConsumerGroupId: kafka.failedRecordsConsumerGroup },
    });
    expect(settle.DestinationConfig).toBeUndefined();
  });

  it('is the only way Kafka reaches a function: the framework made no mapping of its own', () => {
    const mappings = resources(msk.template, 'AWS::Lambda::EventSourceMapping');
    expect(mappings.map(([id]) => id).sort()).toEqual(
      ['QuarantineInvalidEventSourceMappingSQSInvalidInvoicesQueue', 'SettleFailedRecordsKafkaEventSourceMapping', 'ValidateInvoicesKafkaEventSourceMapping'].sort(),
    );
  });
});

describe('least privilege', () => {
  it('gives every function a role of its own and creates no shared role', () => {
    const template = msk.template;
    const roles = functionIds(template).map((id) => roleOf(template, id));
    expect(new Set(roles).size).toBe(functionIds(template).length);
    expect(resources(template, 'AWS::IAM::Role').map(([id]) => id).sort()).toEqual([...roles].sort());
    expect(template.Resources.IamRoleLambdaExecution).toBeUndefined();
  });

  it.each([
    ['msk', () => msk],
    ['self-managed', () => selfManaged],
    ['rabbitmq', () => rabbitMq],
  ])('grants Resource "*" only for actions that have no resource-level permission (%s)', (_source, packaged) => {
    const template = packaged().template;
    for (const [roleId] of resources(template, 'AWS::IAM::Role')) {
      for (const statement of statementsOf(template, roleId)) {
        expect(statement.Effect).toBe('Allow');
        for (const action of actionsOf(statement)) expect(action).not.toMatch(/\*/);
        if (statement.Resource === '*') {
          expect({ roleId, actions: actionsOf(statement).filter((action) => !ACTIONS_WITHOUT_RESOURCES.has(action)) }).toEqual({ roleId, actions: [] });
        }
      }
      expect(props(template, roleId).ManagedPolicyArns).toBeUndefined();
    }
  });

  it('lets each function write logs to its own log group only', () => {
    const template = msk.template;
    for (const functionId of functionIds(template)) {
      const logGroup = functionId.replace(/LambdaFunction$/, 'LogGroup');
      const logStatements = statementsOf(template, roleOf(template, functionId)).filter((statement) => actionsOf(statement).some((action) => action.startsWith('logs:')));
      expect(logStatements).toEqual([{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: getAtt(logGroup) }]);
    }
  });

  it.each([
    ['GetInvoiceLambdaFunction', [['dynamodb:GetItem', getAtt('InvoicesTable')]]],
    [
      'GetMessageLambdaFunction',
      [
        ['dynamodb:GetItem', getAtt('InvoiceMessagesTable')],
        ['dynamodb:GetItem', getAtt('InvalidInvoicesTable')],
        ['dynamodb:GetItem', getAtt('InvoicesTable')],
      ],
    ],
    [
      'DiscardInvalidInvoiceLambdaFunction',
      [
        ['dynamodb:GetItem', getAtt('InvalidInvoicesTable')],
        ['dynamodb:UpdateItem', getAtt('InvalidInvoicesTable')],
        ['dynamodb:PutItem', getAtt('InvalidInvoiceIndexTable')],
        ['dynamodb:DeleteItem', getAtt('InvalidInvoiceIndexTable')],
        ['dynamodb:UpdateItem', getAtt('InvalidInvoiceIndexTable')],
      ],
    ],
    ['ListInvalidInvoicesLambdaFunction', [['dynamodb:Query', getAtt('InvalidInvoiceIndexTable')]]],
    ['CountInvalidInvoicesLambdaFunction', [['dynamodb:BatchGetItem', getAtt('InvalidInvoiceIndexTable')]]],
    ['AdminConsoleLambdaFunction', []],
    ['ListClientsLambdaFunction', [['dynamodb:Scan', getAtt('ClientsTable')]]],
    ['RevokeClientLambdaFunction', [['dynamodb:GetItem', getAtt('ClientsTable')], ['dynamodb:UpdateItem', getAtt('ClientsTable')]]],
    ['RotateClientKeyLambdaFunction', [['dynamodb:GetItem', getAtt('ClientsTable')], ['dynamodb:UpdateItem', getAtt('ClientsTable')]]],
  ])('grants %s exactly what its code does', (functionId, expected) => {
    expect(grants(msk.template, functionId)).toEqual(expected);
  });

  it.each([
    [
      'ValidateInvoicesLambdaFunction',
      [
        ['dynamodb:GetItem', getAtt('InvoicesTable')],
        ['dynamodb:PutItem', getAtt('InvoicesTable')],
        ['dynamodb:BatchWriteItem', getAtt('InvoiceMessagesTable')],
        ['dynamodb:BatchGetItem', getAtt('InvoiceMessagesTable')],
      ],
    ],
    [
      'SettleFailedRecordsLambdaFunction',
      [
        ['dynamodb:BatchWriteItem', getAtt('InvoiceMessagesTable')],
        ['dynamodb:BatchGetItem', getAtt('InvoiceMessagesTable')],
        ['dynamodb:GetItem', getAtt('InvoiceMessagesTable')],
        ['dynamodb:GetItem', getAtt('InvoicesTable')],
        ['dynamodb:UpdateItem', getAtt('InvoicesTable')],
      ],
    ],
  ])('grants %s exactly the DynamoDB calls its code makes', (functionId, expected) => {
    expect(grants(msk.template, functionId).filter(([action]) => action.startsWith('dynamodb:'))).toEqual(expected);
  });

  it('lets the quarantine consume the invalid channel, write the quarantine and notify admins, nothing else', () => {
    const granted = grants(msk.template, 'QuarantineInvalidLambdaFunction').map(([action]) => action).sort();
    expect(granted).toEqual(
      ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'sns:Publish', 'kms:GenerateDataKey', 'kms:Decrypt'].sort(),
    );
  });

  it('lets the validator read its own topic and group and write only the on-failure topic (MSK)', () => {
    const granted = grants(msk.template, 'ValidateInvoicesLambdaFunction');
    const kafkaWrites = granted.filter(([action]) => action === 'kafka-cluster:WriteData').map(([, target]) => JSON.stringify(target));
    expect(kafkaWrites).toHaveLength(1);
    expect(kafkaWrites[0]).toContain(`topic/\${Cluster}/${kafka.failedTopic}`);
    const reads = granted.filter(([action]) => action === 'kafka-cluster:ReadData').map(([, target]) => JSON.stringify(target));
    expect(reads).toEqual([expect.stringContaining(`topic/\${Cluster}/${kafka.topic}"`)]);
    const groups = granted.filter(([action]) => action === 'kafka-cluster:AlterGroup').map(([, target]) => JSON.stringify(target));
    expect(groups).toEqual([expect.stringContaining(`group/\${Cluster}/${kafka.consumerGroup}`)]);
  });

  it('lets the producers write the invoices topic idempotently and nothing else of the cluster (MSK)', () => {
    for (const functionId of ['SubmitInvoiceLambdaFunction', 'SubmitInvoiceBatchLambdaFunction', 'ResendInvalidInvoiceLambdaFunction']) {
      const kafkaActions = grants(msk.template, functionId).filter(([action]) => action.startsWith('kafka'));
      expect(kafkaActions.map(([action]) => action).sort()).toEqual(
        ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster', 'kafka-cluster:WriteDataIdempotently', 'kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'].sort(),
      );
    }
  });

  it('lets only Kafka users read the SCRAM secret (self-managed)', () => {
    const template = selfManaged.template;
    const scramSecret = OFFLINE_PARAMS['self-managed'].kafkaSaslSecretArn;
    const readers = functionIds(template).filter((id) => grants(template, id).some(([action, target]) => action === 'secretsmanager:GetSecretValue' && JSON.stringify(target).includes(scramSecret ?? '?')));
    expect(readers.sort()).toEqual(
      ['SubmitInvoiceLambdaFunction', 'SubmitInvoiceBatchLambdaFunction', 'ResendInvalidInvoiceLambdaFunction', 'ValidateInvoicesLambdaFunction', 'SettleFailedRecordsLambdaFunction'].sort(),
    );
  });
});

describe('a RabbitMQ stage (transport=rabbitmq, Amazon MQ)', () => {
  const { mqBrokerArn, rabbitMqSecretArn, rabbitMqUrl } = OFFLINE_PARAMS.rabbitmq;
  const publishers = ['SubmitInvoiceLambdaFunction', 'SubmitInvoiceBatchLambdaFunction', 'ResendInvalidInvoiceLambdaFunction'];
  const consumers = ['ValidateInvoicesLambdaFunction', 'SettleFailedRecordsLambdaFunction'];
  const brokerAccess = [
    { Type: 'BASIC_AUTH', URI: rabbitMqSecretArn },
    { Type: 'VIRTUAL_HOST', URI: rabbitmq.vhost },
  ];
  const kafkaActions = (template: CloudFormationTemplate) =>
    resources(template, 'AWS::IAM::Role').flatMap(([roleId]) => statementsOf(template, roleId).flatMap(actionsOf)).filter((action) => action.startsWith('kafka'));

  it.each([
    ['ValidateInvoicesRabbitMqEventSourceMapping', 'ValidateInvoicesLambdaFunction', rabbitmq.queue],
    ['SettleFailedRecordsRabbitMqEventSourceMapping', 'SettleFailedRecordsLambdaFunction', rabbitmq.failedQueue],
  ])('has %s: %s reads queue %s of the broker, signing in with the secret, batched as lib/resources.json says', (mappingId, functionId, queue) => {
    // Act
    const mapping = resource(rabbitMq.template, mappingId);

    // Assess
    expect(mapping.Properties).toEqual({
      FunctionName: { Ref: functionId },
      EventSourceArn: mqBrokerArn,
      Queues: [queue],
      SourceAccessConfigurations: brokerAccess,
      BatchSize: rabbitmq.batchSize,
      MaximumBatchingWindowInSeconds: rabbitmq.maximumBatchingWindowInSeconds,
    });
    // Created once its role may describe the broker and read the secret, or Lambda refuses it.
    expect(mapping.DependsOn).toEqual(['RabbitMqConsumersPolicy']);
  });

  it('has no Kafka mapping: the two MQ mappings and the invalid channel\'s are all', () => {
    const mappings = resources(rabbitMq.template, 'AWS::Lambda::EventSourceMapping');
    expect(mappings.map(([id]) => id).sort()).toEqual(
      ['QuarantineInvalidEventSourceMappingSQSInvalidInvoicesQueue', 'SettleFailedRecordsRabbitMqEventSourceMapping', 'ValidateInvoicesRabbitMqEventSourceMapping'].sort(),
    );
    for (const [, mapping] of mappings) expect(mapping.Properties?.Topics).toBeUndefined();
  });

  it('runs the RabbitMQ handlers, and gives every function the broker but no Kafka broker', () => {
    const template = rabbitMq.template;
    expect(props(template, 'ValidateInvoicesLambdaFunction').Handler).toBe('handlers/rabbitmq/validate-invoices.handler');
    expect(props(template, 'SettleFailedRecordsLambdaFunction').Handler).toBe('handlers/rabbitmq/settle-failed-records.handler');
    for (const functionId of functionIds(template)) {
      const variables = (props(template, functionId).Environment as { Variables: Record<string, unknown> }).Variables;
      expect({ functionId, ...variables }).toMatchObject({ functionId, TRANSPORT: 'rabbitmq', RABBITMQ_URL: rabbitMqUrl, RABBITMQ_CREDENTIALS_SECRET_ARN: rabbitMqSecretArn, KAFKA_BROKERS: '', KAFKA_AUTH: 'none' });
    }
  });

  it('runs the publishers in the subnets and security groups given, as on Kafka', () => {
    for (const functionId of publishers) {
      expect(props(rabbitMq.template, functionId).VpcConfig).toEqual(props(msk.template, functionId).VpcConfig);
    }
  });

  it('lets the two consumers describe the broker and read its secret, scoped to those two', () => {
    for (const functionId of consumers) {
      const brokerGrants = grants(rabbitMq.template, functionId).filter(([action]) => action.startsWith('mq:') || action.startsWith('secretsmanager:'));
      expect(brokerGrants).toEqual([
        ['mq:DescribeBroker', mqBrokerArn],
        ['secretsmanager:GetSecretValue', rabbitMqSecretArn],
      ]);
    }
  });

  it('gives the consumers the network and log actions AWS documents for an MQ mapping\'s role', () => {
    // Lambda DG "Using Lambda with Amazon MQ", execution role permissions. logs:CreateLogGroup is
    // left out: the stack creates each function's log group.
    const documented = ['ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs', 'logs:CreateLogStream', 'logs:PutLogEvents'];
    for (const functionId of consumers) {
      const granted = statementsOf(rabbitMq.template, roleOf(rabbitMq.template, functionId)).flatMap(actionsOf);
      expect({ functionId, missing: documented.filter((action) => !granted.includes(action)) }).toEqual({ functionId, missing: [] });
    }
  });

  it('lets the publishers read the broker\'s secret and nothing of Kafka', () => {
    for (const functionId of publishers) {
      const granted = grants(rabbitMq.template, functionId);
      expect(granted.filter(([action]) => action.startsWith('secretsmanager:') || action.startsWith('kafka') || action.startsWith('mq:'))).toEqual([['secretsmanager:GetSecretValue', rabbitMqSecretArn]]);
    }
  });

  it('lets only the broker\'s users read its secret, and grants no Kafka action at all', () => {
    const template = rabbitMq.template;
    const readers = functionIds(template).filter((id) => grants(template, id).some(([action, target]) => action === 'secretsmanager:GetSecretValue' && target === rabbitMqSecretArn));
    expect(readers.sort()).toEqual([...publishers, ...consumers].sort());
    expect(kafkaActions(template)).toEqual([]);
  });

  it('alarms on what either transport reports, and not on OffsetLag (a Kafka mapping\'s only)', () => {
    const alarms = (template: CloudFormationTemplate) => resources(template, 'AWS::CloudWatch::Alarm').map(([id]) => id);
    expect(alarms(msk.template)).toContain('ValidateInvoicesOffsetLagAlarm');
    expect(alarms(selfManaged.template)).toContain('ValidateInvoicesOffsetLagAlarm');
    expect(alarms(rabbitMq.template).sort()).toEqual(alarms(msk.template).filter((id) => id !== 'ValidateInvoicesOffsetLagAlarm').sort());
  });

  it.each([
    ['msk' as const, () => msk],
    ['self-managed' as const, () => selfManaged],
  ])('leaves the Kafka template (%s) without any RabbitMQ mapping, permission or setting', (source, packaged) => {
    const template = packaged().template;
    expect(Object.keys(template.Resources).filter((id) => id.includes('RabbitMq'))).toEqual([]);
    const actions = resources(template, 'AWS::IAM::Role').flatMap(([roleId]) => statementsOf(template, roleId).flatMap(actionsOf));
    expect(actions.filter((action) => action.startsWith('mq:'))).toEqual([]);
    expect(template.Resources.ValidateInvoicesKafkaEventSourceMapping).toBeDefined();
    const variables = (props(template, 'SubmitInvoiceLambdaFunction').Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables).toMatchObject({ TRANSPORT: 'kafka', RABBITMQ_URL: '', RABBITMQ_CREDENTIALS_SECRET_ARN: '', KAFKA_BROKERS: OFFLINE_PARAMS[source].kafkaBrokers });
  });
});

describe('data at rest and durability', () => {
  it('encrypts both queues, the admin topic (with a rotating key of its own) and every table', () => {
    const template = msk.template;
    for (const [, queue] of resources(template, 'AWS::SQS::Queue')) expect(queue.Properties?.SqsManagedSseEnabled).toBe(true);
    expect(props(template, 'AdminAlertsTopic').KmsMasterKeyId).toEqual({ Ref: 'AdminAlertsTopicKey' });
    expect(props(template, 'AdminAlertsTopicKey').EnableKeyRotation).toBe(true);
    for (const [, table] of resources(template, 'AWS::DynamoDB::Table')) expect(table.Properties?.SSESpecification).toEqual({ SSEEnabled: true });
  });

  it.each(['InvoicesTable', 'InvalidInvoicesTable', 'InvalidInvoiceIndexTable', 'InvoiceMessagesTable'])('keeps %s on demand, with point-in-time recovery, protected from deletion in prod', (tableId) => {
    const table = resource(msk.template, tableId);
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
    });
    expect([table.DeletionPolicy, table.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
  });

  it('keeps the invalid channel 14 days with its redrive queue', () => {
    expect(props(msk.template, 'InvalidInvoicesQueue')).toMatchObject({
      QueueName: queues.invalidInvoices,
      MessageRetentionPeriod: 14 * 24 * 3600,
      RedrivePolicy: { deadLetterTargetArn: getAtt('InvalidInvoicesDeadLetterQueue'), maxReceiveCount: queues.maxReceiveCount },
    });
    expect(props(msk.template, 'InvalidInvoicesDeadLetterQueue').MessageRetentionPeriod).toBe(14 * 24 * 3600);
  });

  it('names every table as lib/resources.json does', () => {
    const names = resources(msk.template, 'AWS::DynamoDB::Table').map(([, table]) => table.Properties?.TableName);
    expect(names.sort()).toEqual(Object.values(tables).map((table) => table.TableName).sort());
  });
});

describe('alarms', () => {
  interface WatchedMetric {
    Namespace: string;
    MetricName: string;
    Dimensions: Array<{ Name: string; Value: unknown }>;
  }
  interface AlarmProperties extends Partial<WatchedMetric> {
    Metrics?: Array<{ Id: string; Expression?: string; MetricStat?: { Metric: WatchedMetric } }>;
    AlarmActions: unknown[];
    OKActions: unknown[];
  }
  /** Each metric an alarm reads (a metric-math alarm reads several), with the value of its first dimension. */
  const watched = (template: CloudFormationTemplate) =>
    resources(template, 'AWS::CloudWatch::Alarm').flatMap(([id, alarm]) => {
      const properties = alarm.Properties as unknown as AlarmProperties;
      const metrics = properties.MetricName ? [properties as WatchedMetric] : (properties.Metrics ?? []).flatMap((entry) => (entry.MetricStat ? [entry.MetricStat.Metric] : []));
      return metrics.map((metric) => ({ id, metric: `${metric.Namespace}/${metric.MetricName}`, on: metric.Dimensions[0]?.Value, dimensions: metric.Dimensions, properties }));
    });
  const { metrics } = INFRASTRUCTURE;

  it.each([
    ['AWS/SQS/ApproximateNumberOfMessagesVisible', { 'Fn::GetAtt': ['InvalidInvoicesQueue', 'QueueName'] }],
    ['AWS/SQS/ApproximateAgeOfOldestMessage', { 'Fn::GetAtt': ['InvalidInvoicesQueue', 'QueueName'] }],
    ['AWS/Lambda/Errors', { Ref: 'ValidateInvoicesLambdaFunction' }],
    ['AWS/Lambda/OffsetLag', { Ref: 'ValidateInvoicesLambdaFunction' }],
    ['AWS/ApiGateway/5XXError', 'prod-invoice-pipeline'],
  ])('watches %s of %j', (metric, on) => {
    expect(watched(msk.template)).toContainEqual(expect.objectContaining({ metric, on }));
  });

  it('watches the pipeline\'s own metrics, by service and stage, as the functions publish them (lib/resources.json)', () => {
    const ours = watched(msk.template).filter(({ metric }) => metric.startsWith(`${metrics.namespace}/`));
    const service = { Name: 'service', Value: 'invoice-pipeline' };
    const stage = { Name: 'stage', Value: 'prod' };

    expect(ours).toContainEqual(expect.objectContaining({ metric: `${metrics.namespace}/${metrics.names.processingFailed}`, dimensions: [service, stage] }));
    const share = ours.filter(({ id }) => id === 'InvalidShareAlarm').map(({ metric }) => metric.split('/')[1]);
    expect(share.sort()).toEqual([metrics.names.duplicate, metrics.names.invalid, metrics.names.stored].sort());
    for (const { dimensions } of ours) expect(dimensions).toEqual([service, stage]);
  });

  it('gives every function the stage its metrics are published under', () => {
    for (const id of functionIds(msk.template)) expect((props(msk.template, id).Environment as { Variables: Record<string, unknown> }).Variables.STAGE).toBe('prod');
  });

  it('tells the admin topic when an alarm fires and when it clears', () => {
    for (const { properties } of watched(msk.template)) {
      expect(properties.AlarmActions).toEqual([{ Ref: 'AdminAlertsTopic' }]);
      expect(properties.OKActions).toEqual([{ Ref: 'AdminAlertsTopic' }]);
    }
  });
});

describe('the HTTP API', () => {
  const { clients } = INFRASTRUCTURE;
  const methods = (template: CloudFormationTemplate) =>
    resources(template, 'AWS::ApiGateway::Method').map(([id, method]) => ({ id, ...(method.Properties as { ApiKeyRequired?: boolean; AuthorizationType?: string; AuthorizerId?: unknown }) }));

  it('puts every data route behind the key check (a REQUEST authorizer, no API Gateway caching) and a usage plan', () => {
    const template = msk.template;
    expect(props(template, 'ApiGatewayRestApi').ApiKeySourceType).toBe('AUTHORIZER');
    expect(props(template, 'AuthorizeRequestApiGatewayAuthorizer')).toMatchObject({ Type: 'REQUEST', AuthorizerResultTtlInSeconds: 0 });
    for (const method of methods(template)) {
      const isConsolePage = method.id === 'ApiGatewayMethodAdminGet';
      expect({ id: method.id, ApiKeyRequired: method.ApiKeyRequired, AuthorizationType: method.AuthorizationType }).toEqual({
        id: method.id,
        ApiKeyRequired: !isConsolePage,
        AuthorizationType: isConsolePage ? 'NONE' : 'CUSTOM',
      });
      if (!isConsolePage) expect(method.AuthorizerId).toEqual({ Ref: 'AuthorizeRequestApiGatewayAuthorizer' });
    }
  });

  it.each([...Object.entries(clients.tiers).map(([tier, limits]) => [`${tier[0]?.toUpperCase()}${tier.slice(1)}UsagePlan`, limits] as const), ['AdminUsagePlan', clients.adminUsagePlan] as const, ['AnonymousUsagePlan', clients.anonymousUsagePlan] as const])(
    'has %s with the rate and burst of lib/resources.json, on the stage',
    (planId, limits) => {
      expect(props(msk.template, planId)).toMatchObject({
        Throttle: { RateLimit: limits.rateLimit, BurstLimit: limits.burstLimit },
        ApiStages: [{ ApiId: { Ref: 'ApiGatewayRestApi' }, Stage: 'prod' }],
      });
    },
  );

  it('lets API Gateway make the usage keys\' values: none is in the template, none in an environment', () => {
    const template = msk.template;
    for (const [, key] of resources(template, 'AWS::ApiGateway::ApiKey')) expect(key.Properties?.Value).toBeUndefined();
    expect(resources(template, 'AWS::ApiGateway::UsagePlanKey').map(([id]) => id).sort()).toEqual(['AdminUsagePlanKey', 'AnonymousUsagePlanKey']);
    const authorizer = props(template, 'AuthorizeRequestLambdaFunction').Environment as { Variables: Record<string, unknown> };
    expect(authorizer.Variables).toMatchObject({ ADMIN_USAGE_KEY_ID: { Ref: 'AdminUsageKey' }, ANONYMOUS_USAGE_KEY_ID: { Ref: 'AnonymousUsageKey' }, ADMIN_API_KEYS_SECRET_ARN: 'invoice-pipeline/prod/admin-api-keys' });
  });

  it('answers a caller over its rate with 429 problem+json and Retry-After', () => {
    const response = props(msk.template, 'ThrottledResponse') as { ResponseTemplates: Record<string, string>; ResponseParameters: Record<string, string> } & Record<string, unknown>;
    expect(response).toMatchObject({ ResponseType: 'THROTTLED', StatusCode: '429' });
    expect(response.ResponseParameters).toMatchObject({ 'gatewayresponse.header.Content-Type': "'application/problem+json'", 'gatewayresponse.header.Retry-After': "'1'" });
    expect(JSON.parse(response.ResponseTemplates['application/json'] ?? '')).toMatchObject({ status: 429 });
  });

  it('puts no key in the template and none in any function\'s environment', () => {
    const text = JSON.stringify(msk.template);
    expect(text).not.toContain('local-api-key');
    expect(text).not.toContain('local-admin-key');
    expect(text).not.toContain('{{resolve:secretsmanager');
    for (const functionId of functionIds(msk.template)) {
      const variables = ((props(msk.template, functionId).Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {});
      expect({ functionId, keys: variables.ADMIN_API_KEYS ?? '', clientKeys: variables.CLIENT_API_KEYS }).toEqual({ functionId, keys: '', clientKeys: undefined });
    }
  });

  it('lets only the key check read the admin keys\' secret and the usage keys', () => {
    expect(grants(msk.template, 'AuthorizeRequestLambdaFunction').map(([action]) => action).sort()).toEqual(['apigateway:GET', 'dynamodb:Query', 'secretsmanager:GetSecretValue'].sort());
    const readers = functionIds(msk.template).filter((id) => grants(msk.template, id).some(([action]) => action === 'secretsmanager:GetSecretValue'));
    expect(readers).toEqual(['AuthorizeRequestLambdaFunction']);
  });
});

describe('cfn-lint', () => {
  const maybe = existsSync(CFN_LINT) ? it : it.skip;

  maybe.each([
    ['msk', () => msk],
    ['self-managed', () => selfManaged],
    ['rabbitmq', () => rabbitMq],
  ])('finds nothing in the %s template (deploy/.venv; npm run deploy:check installs it)', (_source, packaged) => {
    const { ok, output } = lintTemplate(packaged().templatePath);
    expect({ ok, output }).toEqual({ ok: true, output: '' });
  });
});

describe('the bundles', () => {
  /** A name each client's bundled code keeps (esbuild keepNames), so its presence shows the client came along. */
  const CLIENT_MARKERS = {
    kafka: 'KafkaJSError',
    dynamodb: 'DynamoDBClient',
    sqs: 'SendMessageBatchCommand',
    sns: 'PublishCommand',
    apiGateway: 'GetApiKeyCommand',
    secretsManager: 'GetSecretValueCommand',
  } as const;
  type Client = keyof typeof CLIENT_MARKERS;

  // What each function's composition root builds (Secrets Manager: the SCRAM and admin key secrets).
  const producer: Client[] = ['kafka', 'dynamodb', 'secretsManager'];
  const CLIENTS: Record<string, Client[]> = {
    submitInvoice: producer,
    submitInvoiceBatch: producer,
    resendInvalidInvoice: producer,
    validateInvoices: ['dynamodb', 'sqs'],
    settleFailedRecords: ['dynamodb', 'sqs'],
    quarantineInvalid: ['dynamodb', 'sns'],
    authorizeRequest: ['dynamodb', 'apiGateway', 'secretsManager'],
    registerClient: ['dynamodb', 'apiGateway'],
    adminConsole: [],
  };

  /** The handler's bundled code, read out of the function's zip by Python's zipfile (no unzip needed). */
  function bundledCode(functionName: string): string {
    const zip = path.join(msk.directory, `${functionName}.zip`);
    const script = 'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nsys.stdout.write("".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".js")))';
    return execFileSync('python3', ['-c', script, zip], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  }

  it('give each function exactly the clients it uses (the SDK bundled, the version the tests run), and the read-only routes no Kafka client', () => {
    const names = functionIds(msk.template).map((id) => (props(msk.template, id).FunctionName as string).replace(/^.*-prod-/, ''));
    expect(names.length).toBeGreaterThan(10);

    const carried = Object.fromEntries(
      names.map((name) => {
        const code = bundledCode(name);
        return [name, (Object.keys(CLIENT_MARKERS) as Client[]).filter((client) => code.includes(CLIENT_MARKERS[client]))];
      }),
    );

    expect(carried).toEqual(Object.fromEntries(names.map((name) => [name, CLIENTS[name] ?? ['dynamodb']])));
  });
});
