/** Reads what the pipeline left in LocalStack and DynamoDB Local, for integration tests. */
import { DeleteMessageBatchCommand, GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { INFRASTRUCTURE } from '../../lib/infrastructure';

const sqs = new SQSClient({});
const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export async function getItem(tableName: string, key: Record<string, string>): Promise<Record<string, unknown> | undefined> {
  const { Item } = await dynamo.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  return Item;
}

export async function countInvoices(identity: { issuerTaxId: string; invoiceNumber: string }): Promise<number> {
  const { Count } = await dynamo.send(
    new QueryCommand({
      TableName: INFRASTRUCTURE.tables.invoices.TableName,
      KeyConditionExpression: 'issuerTaxId = :tax AND invoiceNumber = :number',
      ExpressionAttributeValues: { ':tax': identity.issuerTaxId, ':number': identity.invoiceNumber },
    }),
  );
  return Count ?? 0;
}

export interface AdminNotificationBody {
  type: string;
  count: number;
  items: Array<{ messageId: string; invoiceNumber?: string; category: string; codes: string[] }>;
}

export interface ReceivedNotification {
  subject: string;
  body: AdminNotificationBody;
  attributes: Record<string, { Type: string; Value: string }>;
}

/**
 * What admins received in the admin-alerts-inbox queue (SNS envelopes). Each call drains the
 * queue into the list it keeps, so a test can look for its messages and count them.
 */
export class AdminInbox {
  readonly received: ReceivedNotification[] = [];

  async drain(): Promise<ReceivedNotification[]> {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: INFRASTRUCTURE.queues.adminAlertsInbox }));
    for (;;) {
      const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      if (!Messages?.length) return this.received;
      for (const message of Messages) {
        const envelope = JSON.parse(message.Body ?? '{}') as { Subject: string; Message: string; MessageAttributes?: ReceivedNotification['attributes'] };
        this.received.push({ subject: envelope.Subject, body: JSON.parse(envelope.Message) as AdminNotificationBody, attributes: envelope.MessageAttributes ?? {} });
      }
      await sqs.send(
        new DeleteMessageBatchCommand({ QueueUrl, Entries: Messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })) }),
      );
    }
  }

  /** The notifications that name this message. */
  about(messageId: string): ReceivedNotification[] {
    return this.received.filter((notification) => notification.body.items.some((item) => item.messageId === messageId));
  }
}
