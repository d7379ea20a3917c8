/**
 * `npm run admin:inbox`: prints what admins were told, from the admin-alerts-inbox queue
 * subscribed to the SNS topic, and removes what it printed (pass --keep to leave it there).
 */
import { parseArgs } from 'node:util';
import { DeleteMessageCommand, GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import { applyLocalEnv } from '../local-env';

const { values } = parseArgs({ options: { keep: { type: 'boolean', default: false } } });
applyLocalEnv();
const sqs = new SQSClient({});

async function main(): Promise<void> {
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: INFRASTRUCTURE.queues.adminAlertsInbox }));
  let printed = 0;
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: values.keep ? 0 : 30 }));
    if (Messages.length === 0 || (values.keep && printed > 0)) break;
    for (const message of Messages) {
      const envelope = JSON.parse(message.Body ?? '{}') as { Subject?: string; Message?: string; Timestamp?: string };
      console.log(`${envelope.Timestamp}  ${envelope.Subject}`);
      console.log(`  ${envelope.Message}`);
      printed += 1;
      if (!values.keep) await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
    }
  }
  console.log(printed === 0 ? 'no notifications waiting' : `${printed} notification(s)`);
}

main().catch((error: unknown) => {
  console.error(`admin:inbox failed: ${(error as Error).message}`);
  process.exit(1);
});
