/**
 * `npm run chaos [-- --quick] [--size N] [--only p2p,kill,broker,outage,poison,restart] [--transport rabbitmq]`:
 * failure drills on the real local stack, which this command starts itself (it kills and pauses
 * the services, so stop any `npm start` first), on Kafka (the default) or RabbitMQ. Prints a table and, last, exactly:
 * `chaos: K scenarios, N messages, lost X, duplicated Y`. Writes chaos/results/latest.md
 * (and a timestamped JSON beside it). Exit code 1 when any drill failed.
 */
import { mkdirSync, writeFileSync, appendFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { TRANSPORTS, type Transport } from '../lib/config';
import { applyLocalEnv, LOCAL_PORTS } from '../localstack/local-env';
import { LOCAL_STATE_DIR, startLocalServices } from '../localstack/local-services';
import { startOffline } from '../localstack/offline';
import { isPortOpen } from '../localstack/runtime/ports';
import { SCENARIOS, type ScenarioContext, type ScenarioResult } from './scenarios';
import { TriggerLog } from './trigger-log';

const SHORT_NAMES = ['p2p', 'kill', 'broker', 'outage', 'poison', 'restart'];
const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, size: { type: 'string' }, only: { type: 'string' }, transport: { type: 'string', default: 'kafka' } } });
if (!TRANSPORTS.includes(values.transport as Transport)) throw new Error(`--transport takes ${TRANSPORTS.join(' or ')}, not "${values.transport}"`);
const transport = values.transport as Transport;
const quick = values.quick;
const size = Number(values.size ?? (quick ? 300 : 10_000));
const chosen = values.only ? values.only.split(',') : SHORT_NAMES;
const RESULTS_DIR = path.resolve(__dirname, 'results');

async function main(): Promise<number> {
  const busy = await Promise.all(Object.values(LOCAL_PORTS).map((port) => isPortOpen(port)));
  if (busy.some(Boolean)) {
    console.error('chaos: the local ports are in use. The drills kill and pause services, so they need a stack of their own: stop `npm start` (and tests) first.');
    return 2;
  }
  applyLocalEnv();
  const log = (line: string) => console.log(`[chaos] ${line}`);
  const runId = `C${Date.now().toString(36).toUpperCase()}`;
  const logDir = path.join(LOCAL_STATE_DIR, 'logs');
  mkdirSync(logDir, { recursive: true });
  const offlineLog = path.join(logDir, `offline-chaos${transport === 'kafka' ? '' : `-${transport}`}.log`);
  log(`run ${runId} on ${transport}: ${chosen.length} scenario(s), ${size} messages each${quick ? ' (quick)' : ''}; offline log ${path.relative(process.cwd(), offlineLog)}`);
  // Its own ports and folder (LOCAL_PORT_OFFSET), started empty; durable, so the restart drill finds its data again.
  const services = await startLocalServices({ log, fresh: true, transports: [transport] });
  const context: ScenarioContext = {
    transport,
    services,
    restartServices: async () => {
      await context.services.stop();
      context.services = await startLocalServices({ log, transports: [transport] });
    },
    runId,
    size,
    quick,
    log,
    notifications: new Map(),
    startOffline: async (consumers, env) => {
      const triggerLog = new TriggerLog();
      const offline = await startOffline({
        consumers,
        env: { TRANSPORT: transport, RABBITMQ_TRIGGER_LOG_MESSAGE_IDS: '1', ...env },
        output: (line) => {
          triggerLog.onLine(line);
          appendFileSync(offlineLog, `${line}\n`);
        },
      });
      return { stop: () => offline.stop(), triggerLog };
    },
  };
  const results: ScenarioResult[] = [];
  try {
    for (const [index, scenario] of SCENARIOS.entries()) {
      if (!chosen.includes(SHORT_NAMES[index] as string)) continue;
      log(`--- ${scenario.name}`);
      const started = Date.now();
      try {
        const result = await scenario.run(context);
        results.push({ name: scenario.name, seconds: Math.round((Date.now() - started) / 1000), ...result });
      } catch (error) {
        log(`${scenario.name} could not run: ${(error as Error).stack ?? String(error)}`);
        results.push({ name: scenario.name, seconds: Math.round((Date.now() - started) / 1000), sent: 0, stored: 0, duplicates: 0, quarantined: 0, processingFailed: 0, lost: 0, duplicated: 0, lostIds: [], notes: [`error: ${(error as Error).message}`], passed: false });
      }
      const last = results.at(-1);
      if (last && last.duplicated > 0 && last.duplicatedIds?.length) last.notes.push(`duplicated: ${last.duplicatedIds.join(', ')}`);
      if (last && last.lost > 0 && last.lostIds.length) last.notes.push(`lost: ${last.lostIds.join(', ')}`);
      for (const note of last?.notes ?? []) log(`  ${note}`);
    }
  } finally {
    await context.services.stop();
  }
  report(results);
  return results.every((result) => result.passed) ? 0 : 1;
}

function report(results: ScenarioResult[]): void {
  const header = '| scenario | sent | stored | quarantined | lost | duplicated | time | passed |';
  const rows = results.map((result) =>
    `| ${result.name} | ${result.sent} | ${result.stored + result.duplicates} | ${result.quarantined} | ${result.lost} | ${result.duplicated} | ${result.seconds} s | ${result.passed ? 'yes' : 'NO'} |`,
  );
  const notes = results.flatMap((result) => result.notes.map((note) => `- ${result.name}: ${note}`));
  const total = results.reduce((sum, result) => ({ sent: sum.sent + result.sent, lost: sum.lost + result.lost, duplicated: sum.duplicated + result.duplicated }), { sent: 0, lost: 0, duplicated: 0 });
  const last = `chaos: ${results.length} scenarios, ${total.sent} messages, lost ${total.lost}, duplicated ${total.duplicated}`;
  const markdown = [`Chaos run of ${new Date().toISOString()} on ${transport} (${quick ? 'quick' : 'full'}, ${size} messages per scenario):`, '', header, '|---|---|---|---|---|---|---|---|', ...rows, '', ...notes, '', `\`${last}\``, ''].join('\n');
  mkdirSync(RESULTS_DIR, { recursive: true });
  const suffix = transport === 'kafka' ? '' : `-${transport}`;
  writeFileSync(path.join(RESULTS_DIR, quick ? `latest-quick${suffix}.md` : `latest${suffix}.md`), markdown);
  writeFileSync(path.join(RESULTS_DIR, `${Date.now()}${suffix}.json`), JSON.stringify({ transport, quick, size, results }, null, 2));
  console.log(['', header, ...rows, '', ...notes, '', last].join('\n'));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`chaos failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);
