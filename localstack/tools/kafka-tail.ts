/**
 * `npm run kafka:tail [-- --topic invoices --from-beginning]`: prints every record of a
 * topic with its coordinates, key and trace headers, one line each, without joining the
 * validator's group (its own throwaway group), so watching never steals work.
 */
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import { applyLocalEnv } from '../local-env';

const { values } = parseArgs({ options: { topic: { type: 'string', default: INFRASTRUCTURE.kafka.topic }, 'from-beginning': { type: 'boolean', default: false } } });
applyLocalEnv();
const kafka = new Kafka({ clientId: 'kafka-tail', brokers: (process.env.KAFKA_BROKERS ?? '').split(','), logLevel: logLevel.NOTHING });
const consumer = kafka.consumer({ groupId: `kafka-tail-${process.pid}-${Date.now()}` });

async function main(): Promise<void> {
  await consumer.connect();
  await consumer.subscribe({ topic: values.topic, fromBeginning: values['from-beginning'] });
  console.log(`watching ${values.topic} (Ctrl-C to stop)`);
  await consumer.run({
    eachMessage: ({ topic, partition, message }) => {
      const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]));
      const value = message.value ?? Buffer.alloc(0);
      console.log(JSON.stringify({ topic, partition, offset: message.offset, timestamp: new Date(Number(message.timestamp)).toISOString(), key: message.key?.toString(), bytes: value.length, headers }));
      return Promise.resolve();
    },
  });
}

process.on('SIGINT', () => void consumer.disconnect().then(() => process.exit(0)));
main().catch((error: unknown) => {
  console.error(`kafka:tail failed: ${(error as Error).message}`);
  process.exit(1);
});
