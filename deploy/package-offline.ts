/**
 * Packages a deployed stage with `osls package`, without AWS: no credentials, no network to
 * AWS, placeholder values for the parameters that have no default. What it proves is that the
 * template is fully determined by serverless.yml, lib/resources.json and the parameters.
 * Used by `npm run deploy:check` and by test/unit/deploy/packaged-template.test.ts.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const PROJECT_ROOT = path.resolve(__dirname, '..');
const OSLS = path.join(PROJECT_ROOT, 'node_modules', 'osls', 'bin', 'serverless.js');
/** osls writes every package through <project>/.serverless, whatever --package says: one at a time. */
const PACKAGING_LOCK = path.join(os.tmpdir(), `osls-package-${createHash('sha256').update(PROJECT_ROOT).digest('hex').slice(0, 12)}.lock`);
const LOCK_WAIT_MS = 180_000;
const LOCK_STALE_MS = 300_000;

export type KafkaSource = 'msk' | 'self-managed';
/** The brokers a deployed stage runs on: Kafka of either kind (transport=kafka), or Amazon MQ for RabbitMQ. */
export type Broker = KafkaSource | 'rabbitmq';

const NETWORK = {
  brokerSubnetIds: 'subnet-0a1b2c3d4e5f60718,subnet-0f1e2d3c4b5a69788',
  brokerSecurityGroupIds: 'sg-0123456789abcdef0',
} as const;

/**
 * Placeholders shaped like real values, for the parameters a deploy must give. The Kafka stages
 * use the subnet parameters' older names (kafkaSubnetIds, kafkaSecurityGroupIds), which still work.
 */
export const OFFLINE_PARAMS: Readonly<Record<Broker, Readonly<Record<string, string>>>> = {
  msk: {
    kafkaSource: 'msk',
    mskClusterArn: 'arn:aws:kafka:us-east-1:123456789012:cluster/invoices/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0-2',
    kafkaBrokers: 'b-1.invoices.abc123.c2.kafka.us-east-1.amazonaws.com:9098,b-2.invoices.abc123.c2.kafka.us-east-1.amazonaws.com:9098',
    kafkaSubnetIds: NETWORK.brokerSubnetIds,
    kafkaSecurityGroupIds: NETWORK.brokerSecurityGroupIds,
    adminAlertEmail: 'invoice-admins@example.com',
  },
  'self-managed': {
    kafkaSource: 'self-managed',
    kafkaSaslSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:invoice-pipeline/kafka-scram-AbCdEf',
    kafkaBrokers: 'kafka-1.internal.example.com:9096,kafka-2.internal.example.com:9096',
    kafkaSubnetIds: NETWORK.brokerSubnetIds,
    kafkaSecurityGroupIds: NETWORK.brokerSecurityGroupIds,
    adminAlertEmail: 'invoice-admins@example.com',
  },
  // No Kafka parameter at all: a RabbitMQ deploy must not need one.
  rabbitmq: {
    transport: 'rabbitmq',
    mqBrokerArn: 'arn:aws:mq:us-east-1:123456789012:broker:invoices:b-1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d',
    rabbitMqUrl: 'amqps://b-1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d.mq.us-east-1.amazonaws.com:5671',
    rabbitMqSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:invoice-pipeline/rabbitmq-AbCdEf',
    ...NETWORK,
    adminAlertEmail: 'invoice-admins@example.com',
  },
};

export interface CloudFormationResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

export interface CloudFormationTemplate {
  Parameters?: Record<string, unknown>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, CloudFormationResource>;
  Outputs?: Record<string, unknown>;
}

export interface PackagedStage {
  /** Where osls put the zips and templates. */
  directory: string;
  templatePath: string;
  template: CloudFormationTemplate;
}

export interface PackageOptions {
  stage?: string;
  /** Which brokers the stage runs on; msk by default. */
  broker?: Broker;
  /** Extra or overriding parameters. */
  params?: Record<string, string>;
  /** An empty or missing folder for the artifacts; a new temporary one by default. */
  directory?: string;
}

/**
 * Runs `osls package --stage <stage> --package <directory>` with the offline parameters and
 * returns the update-stack template. esbuild works in its own temporary folder, so a running
 * `npm start` (which serves from .esbuild/) is never disturbed, and packagings of this project
 * through this function run one after the other.
 *
 * @example
 * const { template } = await packageStage({ stage: 'prod', broker: 'rabbitmq' });
 */
export async function packageStage(options: PackageOptions = {}): Promise<PackagedStage> {
  const stage = options.stage ?? 'prod';
  const params = { ...OFFLINE_PARAMS[options.broker ?? 'msk'], ...options.params };
  const directory = options.directory ?? (await mkdtemp(path.join(os.tmpdir(), `invoice-pipeline-${stage}-`)));
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'invoice-pipeline-package-scratch-'));
  const args = [OSLS, 'package', '--stage', stage, '--package', directory, ...Object.entries(params).map(([name, value]) => `--param=${name}=${value}`)];
  try {
    await withPackagingLock(() =>
      promisify(execFile)(process.execPath, args, {
        cwd: PROJECT_ROOT,
        env: offlineEnvironment(path.relative(PROJECT_ROOT, path.join(scratch, 'work')), scratch),
        maxBuffer: 16 * 1024 * 1024,
      }),
    );
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`osls package --stage ${stage} failed:\n${stdout}${stderr}`, { cause: error });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  const templatePath = path.join(directory, 'cloudformation-template-update-stack.json');
  const template = JSON.parse(await readFile(templatePath, 'utf8')) as CloudFormationTemplate;
  return { directory, templatePath, template };
}

/** This process's environment without any way to reach AWS (credentials, profiles, endpoints). */
function offlineEnvironment(esbuildWorkFolder: string, tmpFolder: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('AWS_') && !name.startsWith('SLS_') && name !== 'ESBUILD_WORK_FOLDER') env[name] = value;
  }
  return {
    ...env,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    SLS_TELEMETRY_DISABLED: '1',
    ESBUILD_WORK_FOLDER: esbuildWorkFolder,
    // serverless-esbuild stages each zip under os.tmpdir() and leaves it there: keep those in our folder.
    TMPDIR: tmpFolder,
  };
}

/** Runs the work holding the project's packaging lock (a directory; one left by a crash expires). */
async function withPackagingLock<T>(work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      await mkdir(PACKAGING_LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await isStale(PACKAGING_LOCK)) await rm(PACKAGING_LOCK, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`another osls package of this project still holds ${PACKAGING_LOCK}`, { cause: error });
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await work();
  } finally {
    await rm(PACKAGING_LOCK, { recursive: true, force: true });
  }
}

async function isStale(lock: string): Promise<boolean> {
  try {
    return Date.now() - (await stat(lock)).mtimeMs > LOCK_STALE_MS;
  } catch {
    return false;
  }
}
