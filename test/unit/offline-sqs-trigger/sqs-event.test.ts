import type { Message } from '@aws-sdk/client-sqs';
import { buildLambdaSqsEvent } from '../../../localstack/offline-sqs-trigger/sqs-event';

const QUEUE_ARN = 'arn:aws:sqs:us-east-1:000000000000:invalid-invoices';

// What ReceiveMessage returns with MessageSystemAttributeNames and MessageAttributeNames "All".
const received: Message = {
  MessageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
  ReceiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a',
  MD5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
  Body: '{"invoiceNumber":"F-1"}',
  Attributes: {
    SenderId: '000000000000',
    SentTimestamp: '1545082649183',
    ApproximateReceiveCount: '1',
    ApproximateFirstReceiveTimestamp: '1545082649185',
  },
  MD5OfMessageAttributes: '3c6a9d1d4bb0e5fd5c3bd2b4a8e1f0a2',
  MessageAttributes: {
    'correlation-id': { DataType: 'String', StringValue: 'c-1' },
    attempt: { DataType: 'Number', StringValue: '2' },
    digest: { DataType: 'Binary', BinaryValue: Uint8Array.from([1, 2, 255]) },
  },
};

describe('buildLambdaSqsEvent', () => {
  it('builds the record Lambda sends for SQS from a received message', () => {
    // Act
    const event = buildLambdaSqsEvent([received], QUEUE_ARN);

    // Assess
    expect(event).toEqual({
      Records: [
        {
          messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
          receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a',
          body: '{"invoiceNumber":"F-1"}',
          attributes: {
            ApproximateReceiveCount: '1',
            SentTimestamp: '1545082649183',
            SenderId: '000000000000',
            ApproximateFirstReceiveTimestamp: '1545082649185',
          },
          messageAttributes: {
            'correlation-id': { stringValue: 'c-1', stringListValues: [], binaryListValues: [], dataType: 'String' },
            attempt: { stringValue: '2', stringListValues: [], binaryListValues: [], dataType: 'Number' },
            digest: { binaryValue: 'AQL/', stringListValues: [], binaryListValues: [], dataType: 'Binary' },
          },
          md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
          md5OfMessageAttributes: '3c6a9d1d4bb0e5fd5c3bd2b4a8e1f0a2',
          eventSource: 'aws:sqs',
          eventSourceARN: QUEUE_ARN,
          awsRegion: 'us-east-1',
        },
      ],
    });
  });

  it('leaves out md5OfMessageAttributes and sends no message attributes when the message has none', () => {
    const { MD5OfMessageAttributes: _digest, MessageAttributes: _attributes, ...plain } = received;

    const [record] = buildLambdaSqsEvent([plain], QUEUE_ARN).Records;

    expect(record).not.toHaveProperty('md5OfMessageAttributes');
    expect(record?.messageAttributes).toEqual({});
  });

  it('passes FIFO and trace attributes on and drops the ones Lambda does not send', () => {
    // Prepare: a plain record, because SQS may return attributes newer than the SDK's list.
    const attributes: Record<string, string> = {
      ...received.Attributes,
      MessageGroupId: 'g-1',
      MessageDeduplicationId: 'd-1',
      SequenceNumber: '18849496460467696128',
      AWSTraceHeader: 'Root=1-5c1e',
      SqsManagedSseEnabled: 'true',
    };
    const fifo: Message = { ...received, Attributes: attributes };

    const [record] = buildLambdaSqsEvent([fifo], `${QUEUE_ARN}.fifo`).Records;

    expect(record?.attributes).toMatchObject({ MessageGroupId: 'g-1', MessageDeduplicationId: 'd-1', SequenceNumber: '18849496460467696128', AWSTraceHeader: 'Root=1-5c1e' });
    expect(record?.attributes).not.toHaveProperty('SqsManagedSseEnabled');
  });

  it('keeps the order in which SQS returned the messages', () => {
    const messages = ['a', 'b', 'c'].map((id) => ({ ...received, MessageId: id }));

    const event = buildLambdaSqsEvent(messages, QUEUE_ARN);

    expect(event.Records.map((record) => record.messageId)).toEqual(['a', 'b', 'c']);
  });
});
