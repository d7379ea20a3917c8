/**
 * serverless.yml as the framework resolves it (`osls print`): params, file references and
 * self references filled in, exactly what a deploy or `osls offline` would use.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const OSLS = path.join(PROJECT_ROOT, 'node_modules', 'osls', 'bin', 'serverless.js');

export interface ResolvedServerlessConfig {
  functions: Record<string, { handler: string; events?: Array<Record<string, Record<string, unknown>>> }>;
  resources: { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
  provider: { environment?: Record<string, string>; runtime: string };
}

export function resolvedServerlessConfig(stage = 'local'): ResolvedServerlessConfig {
  const output = execFileSync(process.execPath, [OSLS, 'print', '--format', 'json', '--stage', stage], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, SLS_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
  });
  return JSON.parse(output) as ResolvedServerlessConfig;
}
