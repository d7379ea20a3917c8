/**
 * What `osls package --stage prod` makes, without AWS (deploy/package-offline.ts): the template
 * a careful AWS engineer would be asked to approve. The settings come from lib/resources.json,
 * so the deployed pipeline and the local one cannot drift apart.
 */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { INFRASTRUCTURE } from '../../../lib/infrastructure';
import { lintTemplate } from '../../../deploy/check';
import { packageStage, type CloudFormationResource, type CloudFormationTemplate, type PackagedStage } from '../../../deploy/package-offline';

const PACKAGING_TIMEOUT_MS = 120_000;
const CFN_LINT = path.resolve(__dirname, '../../../deploy/.venv/bin/cfn-lint');
const { kafka, queues, tables } = INFRASTRUCTURE;

/** Actions AWS offers no resource-level permission for: only these may have Resource "*". */
const ACTIONS_WITHOUT_RESOURCES = new Set(['ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups', 'ec2:DescribeVpcs']);

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

let msk: PackagedStage;
let selfManaged: PackagedStage;

beforeAll(async () => {
  // One at a time: osls writes every package through the project's .serverless folder.
  msk = await packageStage({ stage: 'prod', kafkaSource: 'msk' });
  selfManaged = await packageStage({ stage: 'prod', kafkaSource: 'self-managed' });
}, PACKAGING_TIMEOUT_MS);

afterAll(() => {
  for (const packaged of [msk, selfManaged]) if (packaged) rmSync(packaged.directory, { recursive: true, force: true });
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
    ['GetMessageLambdaFunction', [['dynamodb:GetItem', getAtt('InvoiceMessagesTable')], ['dynamodb:GetItem', getAtt('InvalidInvoicesTable')]]],
    ['DiscardInvalidInvoiceLambdaFunction', [['dynamodb:GetItem', getAtt('InvalidInvoicesTable')], ['dynamodb:UpdateItem', getAtt('InvalidInvoicesTable')]]],
    ['AdminConsoleLambdaFunction', []],
  ])('grants %s exactly what its code does', (functionId, expected) => {
    expect(grants(msk.template, functionId)).toEqual(expected);
  });

  it('lets the quarantine consume the invalid channel, write the quarantine and notify admins, nothing else', () => {
    const granted = grants(msk.template, 'QuarantineInvalidLambdaFunction').map(([action]) => action).sort();
    expect(granted).toEqual(
      ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'sns:Publish', 'kms:GenerateDataKey', 'kms:Decrypt'].sort(),
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
    const readers = functionIds(template).filter((id) => grants(template, id).some(([action]) => action === 'secretsmanager:GetSecretValue'));
    expect(readers.sort()).toEqual(
      ['SubmitInvoiceLambdaFunction', 'SubmitInvoiceBatchLambdaFunction', 'ResendInvalidInvoiceLambdaFunction', 'ValidateInvoicesLambdaFunction', 'SettleFailedRecordsLambdaFunction'].sort(),
    );
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

  it.each(['InvoicesTable', 'InvalidInvoicesTable', 'InvoiceMessagesTable'])('keeps %s on demand, with point-in-time recovery, protected from deletion in prod', (tableId) => {
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
  const watched = (template: CloudFormationTemplate) =>
    resources(template, 'AWS::CloudWatch::Alarm').map(([, alarm]) => {
      const properties = alarm.Properties as { Namespace: string; MetricName: string; Dimensions: Array<{ Value: unknown }>; AlarmActions: unknown[]; OKActions: unknown[] };
      return { metric: `${properties.Namespace}/${properties.MetricName}`, on: properties.Dimensions[0]?.Value, properties };
    });

  it.each([
    ['AWS/SQS/ApproximateNumberOfMessagesVisible', { 'Fn::GetAtt': ['InvalidInvoicesQueue', 'QueueName'] }],
    ['AWS/SQS/ApproximateAgeOfOldestMessage', { 'Fn::GetAtt': ['InvalidInvoicesQueue', 'QueueName'] }],
    ['AWS/Lambda/Errors', { Ref: 'ValidateInvoicesLambdaFunction' }],
    ['AWS/Lambda/OffsetLag', { Ref: 'ValidateInvoicesLambdaFunction' }],
    ['AWS/ApiGateway/5XXError', 'prod-invoice-pipeline'],
  ])('watches %s of %j', (metric, on) => {
    expect(watched(msk.template)).toContainEqual(expect.objectContaining({ metric, on }));
  });

  it('tells the admin topic when an alarm fires and when it clears', () => {
    for (const { properties } of watched(msk.template)) {
      expect(properties.AlarmActions).toEqual([{ Ref: 'AdminAlertsTopic' }]);
      expect(properties.OKActions).toEqual([{ Ref: 'AdminAlertsTopic' }]);
    }
  });
});

describe('the HTTP API', () => {
  it('throttles callers with a usage plan and API keys whose values stay in Secrets Manager', () => {
    const template = msk.template;
    expect(props(template, 'ApiGatewayUsagePlan')).toMatchObject({ Throttle: { RateLimit: 50, BurstLimit: 100 }, Quota: { Period: 'MONTH' } });
    const keys = resources(template, 'AWS::ApiGateway::ApiKey').map(([, key]) => key.Properties?.Value);
    expect(keys).toEqual([
      '{{resolve:secretsmanager:invoice-pipeline/prod/api-keys:SecretString:clientApiKey}}',
      '{{resolve:secretsmanager:invoice-pipeline/prod/api-keys:SecretString:adminApiKey}}',
    ]);
    expect(resources(template, 'AWS::ApiGateway::UsagePlanKey')).toHaveLength(keys.length);
  });

  it('answers a missing or unknown key as the functions do: 401 problem+json that names x-api-key', () => {
    const response = props(msk.template, 'ClientKeyMissingOrUnknownResponse') as { ResponseTemplates: Record<string, string> } & Record<string, unknown>;
    expect(response).toMatchObject({ ResponseType: 'INVALID_API_KEY', StatusCode: '401' });
    expect(response.ResponseParameters).toMatchObject({ 'gatewayresponse.header.Content-Type': "'application/problem+json'" });
    expect(JSON.parse(response.ResponseTemplates['application/json'] ?? '')).toMatchObject({ status: 401, detail: expect.stringContaining('x-api-key') });
  });

  it('asks API Gateway for the client key on client routes; admin routes check the admin key themselves', () => {
    const methods = resources(msk.template, 'AWS::ApiGateway::Method').map(([id, method]) => [id, method.Properties?.ApiKeyRequired] as const);
    for (const [id, required] of methods) expect([id, required]).toEqual([id, !id.includes('Admin')]);
  });

  it('puts no key in the template: the functions get them from the secret at deploy time', () => {
    const text = JSON.stringify(msk.template);
    expect(text).not.toContain('local-api-key');
    expect(text).not.toContain('local-admin-key');
    const variables = props(msk.template, 'SubmitInvoiceLambdaFunction').Environment as { Variables: Record<string, unknown> };
    expect(variables.Variables).toMatchObject({
      CLIENT_API_KEYS: expect.stringMatching(/^\{\{resolve:secretsmanager:/),
      ADMIN_API_KEYS: expect.stringMatching(/^\{\{resolve:secretsmanager:/),
      KAFKA_AUTH: 'msk-iam',
    });
  });
});

describe('cfn-lint', () => {
  const maybe = existsSync(CFN_LINT) ? it : it.skip;

  maybe.each([
    ['msk', () => msk],
    ['self-managed', () => selfManaged],
  ])('finds nothing in the %s template (deploy/.venv; npm run deploy:check installs it)', (_source, packaged) => {
    const { ok, output } = lintTemplate(packaged().templatePath);
    expect({ ok, output }).toEqual({ ok: true, output: '' });
  });
});
