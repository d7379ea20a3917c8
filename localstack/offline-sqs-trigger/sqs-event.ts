/**
 * Builds the event AWS Lambda sends for an SQS event source mapping from the messages
 * ReceiveMessage returned: camelCase record fields, system attributes as strings,
 * message attributes with base64 binary values and the (always empty) list values.
 */
import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSMessageAttribute, SQSRecord, SQSRecordAttributes } from 'aws-lambda';

// The optional system attributes Lambda passes on; ReceiveMessage with "All" may return others it drops.
const OPTIONAL_RECORD_ATTRIBUTES = [
  'AWSTraceHeader',
  'SequenceNumber',
  'MessageGroupId',
  'MessageDeduplicationId',
  'DeadLetterQueueSourceArn',
] as const;

/**
 * The Lambda event for one batch of received messages, in the order SQS returned them.
 *
 * @example
 * const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, AttributeNames: ['All'], MessageAttributeNames: ['All'] }));
 * buildLambdaSqsEvent(Messages, 'arn:aws:sqs:us-east-1:000000000000:invalid-invoices')
 */
export function buildLambdaSqsEvent(messages: Message[], queueArn: string): SQSEvent {
  const awsRegion = queueArn.split(':')[3] ?? '';
  return { Records: messages.map((message) => toLambdaRecord(message, queueArn, awsRegion)) };
}

function toLambdaRecord(message: Message, queueArn: string, awsRegion: string): SQSRecord {
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: toRecordAttributes(message.Attributes ?? {}),
    messageAttributes: toMessageAttributes(message.MessageAttributes ?? {}),
    md5OfBody: message.MD5OfBody ?? '',
    // SQS computes this digest only when the message has attributes; Lambda then leaves it out too.
    ...(message.MD5OfMessageAttributes && { md5OfMessageAttributes: message.MD5OfMessageAttributes }),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion,
  };
}

function toRecordAttributes(attributes: Record<string, string>): SQSRecordAttributes {
  const result: SQSRecordAttributes = {
    ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '',
    SentTimestamp: attributes.SentTimestamp ?? '',
    SenderId: attributes.SenderId ?? '',
    ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? '',
  };
  for (const name of OPTIONAL_RECORD_ATTRIBUTES) {
    const value = attributes[name];
    if (value !== undefined) result[name] = value;
  }
  return result;
}

function toMessageAttributes(attributes: Record<string, MessageAttributeValue>): Record<string, SQSMessageAttribute> {
  const result: Record<string, SQSMessageAttribute> = {};
  for (const [name, value] of Object.entries(attributes)) {
    result[name] = {
      ...(value.StringValue !== undefined && { stringValue: value.StringValue }),
      ...(value.BinaryValue !== undefined && { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }),
      // Reserved by SQS and never filled, but Lambda always sends them as empty lists.
      stringListValues: [],
      binaryListValues: [],
      dataType: value.DataType ?? 'String',
    };
  }
  return result;
}
