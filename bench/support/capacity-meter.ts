/**
 * Asks DynamoDB for the capacity every write and read of a client consumed
 * (ReturnConsumedCapacity: TOTAL), and adds it up per table: what DynamoDB Local reports,
 * beside what AWS's formulas say (dynamodb-units.ts).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

const METERED = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand', 'TransactWriteItemsCommand', 'GetItemCommand', 'QueryCommand', 'BatchGetItemCommand']);

interface Consumed {
  TableName?: string;
  CapacityUnits?: number;
}

export class CapacityMeter {
  readonly unitsByTable = new Map<string, number>();

  /** Meters every call the client makes from now on. */
  attach(client: DynamoDBClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (!METERED.has(context.commandName ?? '')) return next(args);
        (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
        // A failed condition throws and reports nothing here; the bench's writes are all new items.
        const result = await next(args);
        this.add((result.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity);
        return result;
      },
      { step: 'initialize', name: 'benchCapacityMeter' },
    );
  }

  total(): number {
    return [...this.unitsByTable.values()].reduce((sum, units) => sum + units, 0);
  }

  private add(consumed: Consumed | Consumed[] | undefined): void {
    for (const entry of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
      if (!entry.TableName) continue;
      this.unitsByTable.set(entry.TableName, (this.unitsByTable.get(entry.TableName) ?? 0) + (entry.CapacityUnits ?? 0));
    }
  }
}
