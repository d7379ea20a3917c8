/**
 * `npm run deploy:check`: what can be checked about a deploy without an AWS account.
 * Packages stage prod for Amazon MSK, for self-managed Kafka and for RabbitMQ on Amazon MQ
 * (deploy/package-offline.ts) and runs cfn-lint on the three CloudFormation templates. cfn-lint
 * comes from PyPI into deploy/.venv (the version pinned in deploy/requirements.txt), installed on
 * first use.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { packageStage, type Broker } from './package-offline';

const DEPLOY_DIR = __dirname;
const VENV = path.join(DEPLOY_DIR, '.venv');
const CFN_LINT = path.join(VENV, 'bin', 'cfn-lint');
const REQUIREMENTS = path.join(DEPLOY_DIR, 'requirements.txt');
const CFN_LINT_CONFIG = path.join(DEPLOY_DIR, 'cfn-lint.yml');

/** The cfn-lint of deploy/requirements.txt, installed into deploy/.venv when missing or another version. */
export function ensureCfnLint(): string {
  const wanted = /^cfn-lint==(.+)$/m.exec(readFileSync(REQUIREMENTS, 'utf8'))?.[1]?.trim();
  if (existsSync(CFN_LINT) && wanted && cfnLintVersion().includes(wanted)) return CFN_LINT;
  console.log(`deploy:check: installing cfn-lint ${wanted ?? ''} from PyPI into ${path.relative(process.cwd(), VENV)}`);
  if (!existsSync(path.join(VENV, 'bin', 'pip'))) execFileSync(process.env.PYTHON ?? 'python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
  execFileSync(path.join(VENV, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', '-r', REQUIREMENTS], { stdio: 'inherit' });
  return CFN_LINT;
}

/** cfn-lint's findings for a template ('' when it has none); throws only when cfn-lint cannot run. */
export function lintTemplate(templatePath: string): { ok: boolean; output: string } {
  try {
    const output = execFileSync(CFN_LINT, ['--config-file', CFN_LINT_CONFIG, '--', templatePath], { encoding: 'utf8' });
    return { ok: true, output };
  } catch (error) {
    const { status, stdout = '', stderr = '' } = error as { status?: number; stdout?: string; stderr?: string };
    // cfn-lint exits 2 (errors), 4 (warnings), 8 (informational) or a sum of them; anything else is a crash.
    if (typeof status === 'number' && status > 0 && status < 16) return { ok: false, output: `${stdout}${stderr}` };
    throw error;
  }
}

function cfnLintVersion(): string {
  try {
    return execFileSync(CFN_LINT, ['--version'], { encoding: 'utf8' });
  } catch {
    return '';
  }
}

async function main(): Promise<void> {
  ensureCfnLint();
  const brokers: Broker[] = ['msk', 'self-managed', 'rabbitmq'];
  let failed = false;
  for (const broker of brokers) {
    const { templatePath } = await packageStage({ stage: 'prod', broker });
    const { ok, output } = lintTemplate(templatePath);
    const variant = broker === 'rabbitmq' ? 'transport=rabbitmq' : `transport=kafka, kafkaSource=${broker}`;
    console.log(`deploy:check: stage prod, ${variant}: ${templatePath}: cfn-lint ${ok ? 'clean' : 'found problems'}`);
    if (output.trim()) console.log(output.trim());
    failed ||= !ok;
  }
  if (failed) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
