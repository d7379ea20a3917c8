/**
 * Runs `osls offline start`: API Gateway + Lambda emulation on LOCAL_PORTS.http, the Lambda
 * invoke API on LOCAL_PORTS.lambda (3000 and 3002, shifted by LOCAL_PORT_OFFSET for a second
 * stack), and the Kafka trigger plugin with N group members (or the RabbitMQ trigger with N
 * competing consumers, when TRANSPORT is rabbitmq).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { isPortOpen } from './runtime/ports';
import { LOCAL_PORT_OFFSET, LOCAL_PORTS } from './local-env';
import type { Stoppable } from './local-services';

const PROJECT_ROOT = path.resolve(__dirname, '..');
const OSLS = path.join(PROJECT_ROOT, 'node_modules', 'osls', 'bin', 'serverless.js');

export interface OfflineOptions {
  consumers: number;
  /** Receives every output line of serverless-offline, its handlers and the trigger. */
  output: (line: string) => void;
  readyTimeoutMs?: number;
  /** Extra environment for offline and its handlers (a chaos run lowers the retry limit this way). */
  env?: Record<string, string>;
  /**
   * Other ports for the API and the Lambda API than the stack's (LOCAL_PORTS), so a second
   * offline (another transport) runs beside the first; it bundles into a folder of its own.
   */
  ports?: { http: number; lambda: number };
}

export async function startOffline(options: OfflineOptions): Promise<Stoppable & { pid: number }> {
  const httpPort = options.ports?.http ?? LOCAL_PORTS.http;
  const ports = ['--httpPort', String(httpPort), '--lambdaPort', String(options.ports?.lambda ?? LOCAL_PORTS.lambda)];
  const workFolder = options.ports ? `.esbuild-${httpPort}` : LOCAL_PORT_OFFSET ? `.esbuild-${LOCAL_PORT_OFFSET}` : undefined;
  const child = spawn(process.execPath, [OSLS, 'offline', 'start', ...ports], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      ...options.env,
      KAFKA_TRIGGER_CONSUMERS: String(options.consumers),
      RABBITMQ_TRIGGER_CONSUMERS: String(options.consumers),
      SLS_TELEMETRY_DISABLED: '1',
      // A second stack bundles into its own folder: rebuilding the shared one would pull the code from under the first.
      ...(workFolder ? { ESBUILD_WORK_FOLDER: workFolder } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream }).on('line', options.output);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    signalGroup(child.pid, 'SIGINT');
    const timer = setTimeout(() => signalGroup(child.pid, 'SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 180_000);
  while (!(await isPortOpen(httpPort))) {
    if (child.exitCode !== null) throw new Error(`serverless-offline exited with code ${child.exitCode} before it was ready`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`serverless-offline did not open port ${httpPort} in time`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { pid: child.pid ?? -1, stop };
}

/** Signals the whole process group, so the trigger's member processes stop with it. */
function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}
