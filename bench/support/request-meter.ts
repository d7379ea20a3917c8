/**
 * Counts what the AWS clients of one stage ask for, as AWS bills it: DynamoDB write and read
 * units, SQS and SNS requests. Attached to the SDK clients' middleware stacks, so the real
 * adapters run unchanged.
 *
 * DynamoDB units: for single and batch calls, what DynamoDB Local reports with
 * ReturnConsumedCapacity INDEXES (the table and its indexes); a write refused by its
 * condition reports nothing, and AWS still bills it, so it is counted from the item by AWS's
 * formula. DynamoDB Local's figures for TransactWriteItems are not AWS's (docs/write-costs.md),
 * so a transaction is counted by the formula: twice each item's units, a Put from its item, an
 * Update, Delete or ConditionCheck as one unit (every one on the ingest path is a counter
 * under 1 KB). Sources: DynamoDB Developer Guide, "Read/write capacity mode" and "Item sizes
 * and formats".
 * SQS and SNS: one request per call, and one more per 64 KB of payload beyond the first
 * (SQS and SNS pricing pages: "each 64 KB chunk of a payload is billed as 1 request").
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';

const CHUNK_BYTES = 64 * 1024;
const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand']);
const READS = new Set(['GetItemCommand', 'BatchGetItemCommand', 'QueryCommand', 'ScanCommand']);

export interface StageCount {
  writeUnits: number;
  readUnits: number;
  /** `<service>:<operation>` -> billed requests. */
  requests: Record<string, number>;
}

type AttributeValue = { S?: string; N?: string; B?: Uint8Array; BOOL?: boolean; NULL?: boolean; M?: Record<string, AttributeValue>; L?: AttributeValue[]; SS?: string[]; NS?: string[] };
type Item = Record<string, AttributeValue>;
interface Consumed {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

export class RequestMeter {
  readonly stages = new Map<string, StageCount>();

  /** The count of a stage, made on first use. */
  stage(name: string): StageCount {
    let count = this.stages.get(name);
    if (!count) {
      count = { writeUnits: 0, readUnits: 0, requests: {} };
      this.stages.set(name, count);
    }
    return count;
  }

  attachDynamoDb(client: DynamoDBClient, stage: string): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = context.commandName ?? '';
        const input = args.input as Record<string, unknown>;
        const count = this.stage(stage);
        this.request(count, `dynamodb:${command.replace(/Command$/, '')}`, 1);
        if (command === 'TransactWriteItemsCommand') {
          count.writeUnits += transactionUnits(input.TransactItems as Array<Record<string, { Item?: Item }>>);
          return next(args);
        }
        if (!WRITES.has(command) && !READS.has(command)) return next(args);
        input.ReturnConsumedCapacity = 'INDEXES';
        try {
          const result = await next(args);
          const consumed = (result.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity;
          const units = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
          if (WRITES.has(command)) count.writeUnits += units;
          else count.readUnits += units;
          return result;
        } catch (error) {
          // A failed condition is billed as the write it would have been.
          if ((error as Error).name === 'ConditionalCheckFailedException') count.writeUnits += input.Item ? itemUnits(input.Item as Item) : 1;
          throw error;
        }
      },
      { step: 'initialize', name: 'benchRequestMeter' },
    );
  }

  attachSqs(client: SQSClient, stage: string): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { MessageBody?: string; Entries?: Array<{ MessageBody?: string }> };
        const bytes = Buffer.byteLength(input.MessageBody ?? '') + (input.Entries ?? []).reduce((sum, entry) => sum + Buffer.byteLength(entry.MessageBody ?? ''), 0);
        this.request(this.stage(stage), `sqs:${(context.commandName ?? '').replace(/Command$/, '')}`, chunks(bytes));
        return next(args);
      },
      { step: 'initialize', name: 'benchRequestMeter' },
    );
  }

  attachSns(client: SNSClient, stage: string): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { Message?: string; PublishBatchRequestEntries?: Array<{ Message?: string }> };
        const entries = input.PublishBatchRequestEntries;
        // A PublishBatch is billed per message in it, each by its own 64 KB chunks.
        const billed = entries ? entries.reduce((sum, entry) => sum + chunks(Buffer.byteLength(entry.Message ?? '')), 0) : chunks(Buffer.byteLength(input.Message ?? ''));
        this.request(this.stage(stage), `sns:${(context.commandName ?? '').replace(/Command$/, '')}`, billed);
        return next(args);
      },
      { step: 'initialize', name: 'benchRequestMeter' },
    );
  }

  private request(count: StageCount, key: string, billed: number): void {
    count.requests[key] = (count.requests[key] ?? 0) + billed;
  }
}

function chunks(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / CHUNK_BYTES));
}

function transactionUnits(items: Array<Record<string, { Item?: Item }>> = []): number {
  return items.reduce((sum, element) => sum + 2 * (element.Put?.Item ? itemUnits(element.Put.Item) : 1), 0);
}

/** Write units of an item: one per KB, rounded up. */
export function itemUnits(item: Item): number {
  return Math.max(1, Math.ceil(attributesSize(item) / 1024));
}

/** An item's size as DynamoDB counts it (names and values in bytes; see dynamodb-units.ts for the document form). */
export function attributesSize(item: Item): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + valueSize(value), 0);
}

function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.N !== undefined) return Math.ceil(value.N.replace(/[-.]/g, '').replace(/^0+/, '').length / 2) + 1;
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.M) return 3 + Object.entries(value.M).reduce((sum, [name, inner]) => sum + Buffer.byteLength(name) + valueSize(inner) + 1, 0);
  if (value.L) return 3 + value.L.reduce((sum, inner) => sum + valueSize(inner) + 1, 0);
  if (value.SS) return value.SS.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  if (value.NS) return value.NS.reduce((sum, text) => sum + Math.ceil(text.length / 2) + 1, 0);
  return 0;
}
