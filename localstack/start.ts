/**
 * `npm start`: the whole system on this machine. Installs what is missing (Kafka jars,
 * the LocalStack virtualenv, DynamoDB Local), starts the broker (Kafka, or RabbitMQ) and the
 * emulators, provisions every resource, runs serverless-offline with the broker's trigger, prints
 * where everything is and how long it took, and stops it all on Ctrl-C.
 *
 * Options: --transport T   kafka (the default) or rabbitmq; TRANSPORT=rabbitmq npm start does the same
 *          --consumers N   members of the invoice-validator group, or competing consumers of the queue (default 1)
 *          --fresh         start empty: forget the invoices, quarantine and topics (or queues) kept in .local/
 *
 * Everything is kept across a restart (see local-services.ts); Ctrl-C first lets the
 * quarantine take what is left in the invalid channel, then stops the API and the trigger,
 * then the services, which keep the rest.
 */
import { parseArgs } from 'node:util';
import { LOCAL_API_URL, LOCAL_PORTS } from './local-env';
import { waitUntilDrained } from './aws/queue-carry-over';
import { startLocalServices, type Stoppable } from './local-services';
import { startOffline } from './offline';
import { TRANSPORTS, type Transport } from '../lib/config';
import { INFRASTRUCTURE } from '../lib/infrastructure';

async function main(): Promise<void> {
  const startedAt = Date.now();
  const { values } = parseArgs({
    options: { consumers: { type: 'string', default: '1' }, fresh: { type: 'boolean', default: false }, transport: { type: 'string', default: process.env.TRANSPORT ?? 'kafka' } },
  });
  const consumers = Number(values.consumers);
  if (!Number.isInteger(consumers) || consumers < 1) throw new Error('--consumers takes a whole number of at least 1');
  const transport = values.transport as Transport;
  if (!TRANSPORTS.includes(transport)) throw new Error(`--transport takes ${TRANSPORTS.join(' or ')}, not "${values.transport}"`);
  // Read by serverless.yml (the transport param) and by every handler's configuration.
  process.env.TRANSPORT = transport;

  const log = (line: string) => console.log(`[start] ${line}`);
  const running: Stoppable[] = [];
  let stopping = false;
  const stopAll = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping everything...');
    // The quarantine runs in serverless-offline: give it the invalid channel's last messages first.
    if (running.length === 2) await waitUntilDrained(INFRASTRUCTURE.queues.invalidInvoices, { timeoutMs: 30_000, log }).catch(() => false);
    for (const service of running.reverse()) await service.stop();
    log('stopped');
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    if (values.fresh) log('--fresh: starting empty (what .local/ kept is wiped)');
    const services = await startLocalServices({ log, fresh: values.fresh, transports: [transport] });
    running.push(services);
    log(`starting serverless-offline with the ${transport === 'rabbitmq' ? 'RabbitMQ' : 'Kafka'} trigger...`);
    running.push(await startOffline({ consumers, output: (line) => console.log(line) }));
    printReady(services.summary, transport, consumers, Date.now() - startedAt);
  } catch (error) {
    console.error(`[start] failed: ${(error as Error).stack ?? String(error)}`);
    await stopAll(1);
  }
}

function printReady(summary: string[], transport: Transport, consumers: number, elapsedMs: number): void {
  const { kafka, rabbitmq } = INFRASTRUCTURE;
  const trigger =
    transport === 'rabbitmq'
      ? `queue ${rabbitmq.queue} -> validateInvoices, ${consumers} competing consumer(s); ${rabbitmq.failedQueue} -> settleFailedRecords`
      : `topic ${kafka.topic} -> validateInvoices, group ${kafka.consumerGroup}, ${consumers} consumer(s)`;
  console.log(
    [
      '',
      '================ invoice pipeline is running ================',
      `HTTP API    ${LOCAL_API_URL}            (POST /invoices)`,
      `Lambda API  http://localhost:${LOCAL_PORTS.lambda}`,
      ...summary,
      `Transport   ${transport}`,
      `Trigger     ${trigger}`,
      'Keys        client x-api-key: local-api-key   admin: local-admin-key',
      'AWS         region us-east-1, access key test / secret test',
      `Try         curl -i -X POST ${LOCAL_API_URL}/invoices -H 'x-api-key: local-api-key' -H 'content-type: application/json' -d @test/fixtures/valid-basic.json`,
      `Ready in    ${(elapsedMs / 1000).toFixed(1)} s. Ctrl-C stops everything.`,
      '==============================================================',
      '',
    ].join('\n'),
  );
}

void main();
