/**
 * Runs `osls package` on a copy of the project. serverless-esbuild builds into the
 * service's `.esbuild/` folder, and the serverless-offline already running serves the
 * functions from the project's own `.esbuild/`: packaging in place would pull the files
 * from under it. The copy has the sources and a symlink to node_modules, nothing else.
 */
import { spawn } from 'node:child_process';
import { cpSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/** Not sources: dependencies, state, build output, and the bench's own results. */
const LEFT_OUT = new Set(['node_modules', '.git', '.esbuild', '.serverless', '.local', 'coverage', 'test-results', 'bench', path.join('localstack', '.venv')]);

export interface PackagedFunction {
  key: string;
  name: string;
  /** `handlers/http/submit-invoice` and `handler` for `handlers/http/submit-invoice.handler`. */
  handlerModule: string;
  handlerExport: string;
  zipFile: string;
  environment: Record<string, string>;
  events: Array<Record<string, unknown>>;
}

interface ServerlessState {
  service: {
    provider: { environment?: Record<string, string> };
    functions: Record<string, { name: string; handler: string; environment?: Record<string, string>; events?: Array<Record<string, unknown>> }>;
  };
}

/** Copies the project into `workDir/project`, packages it into `workDir/package`, and lists the functions. */
export async function packageCopy(workDir: string): Promise<{ ms: number; functions: PackagedFunction[] }> {
  const projectCopy = path.join(workDir, 'project');
  const packageDir = path.join(workDir, 'package');
  cpSync(PROJECT_ROOT, projectCopy, { recursive: true, filter: (source) => !LEFT_OUT.has(path.relative(PROJECT_ROOT, source)) });
  symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(projectCopy, 'node_modules'), 'dir');
  const started = performance.now();
  await runOsls(projectCopy, ['package', '--stage', 'local', '--package', packageDir]);
  const ms = performance.now() - started;
  const state = JSON.parse(readFileSync(path.join(packageDir, 'serverless-state.json'), 'utf8')) as ServerlessState;
  const functions = Object.entries(state.service.functions).map(([key, fn]): PackagedFunction => {
    const dot = fn.handler.lastIndexOf('.');
    return {
      key,
      name: fn.name,
      handlerModule: fn.handler.slice(0, dot),
      handlerExport: fn.handler.slice(dot + 1),
      zipFile: path.join(packageDir, `${key}.zip`),
      environment: { ...state.service.provider.environment, ...fn.environment },
      events: fn.events ?? [],
    };
  });
  return { ms, functions };
}

function runOsls(cwd: string, args: string[]): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env, SLS_TELEMETRY_DISABLED: '1' };
  // A work folder set for the project would send the build back into the shared one.
  delete env.ESBUILD_WORK_FOLDER;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(cwd, 'node_modules', 'osls', 'bin', 'serverless.js'), ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-3000)));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`osls ${args.join(' ')} exited with ${code}: ${output.trim()}`))));
  });
}
