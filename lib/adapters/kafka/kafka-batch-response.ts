/**
 * The partial batch response of a Kafka-triggered function (FunctionResponseTypes
 * ReportBatchItemFailures): which records of the event it could not settle, so the event
 * source mapping delivers them again and commits the rest.
 *
 * Source: AWS Lambda DG "Configuring error handling controls for Kafka event sources",
 * section PartialBatchResponse: `{"batchItemFailures": [{"itemIdentifier": {"partition":
 * "<topic>-<partition>", "offset": 100}}]}`; an empty list, `{}` or null is success; an
 * identifier that is not in the event fails the whole batch. This project's architecture
 * document writes the key as "topic-partition": the answer carries both keys, and the local
 * trigger reads either. Were AWS to refuse the extra key, it would retry the whole batch,
 * which the idempotent stores make harmless: the reading that can lose nothing.
 */
import { z } from 'zod';

const offsetSchema = z.number().int().nonnegative();

// AWS's key is "partition"; "topic-partition" is read where "partition" is missing.
const itemIdentifierSchema = z
  .object({ partition: z.string().min(1).optional(), 'topic-partition': z.string().min(1).optional(), offset: offsetSchema })
  .refine((identifier) => identifier.partition ?? identifier['topic-partition'], { message: 'an itemIdentifier names its "<topic>-<partition>" as partition' });

export const kafkaBatchResponseSchema = z
  .object({ batchItemFailures: z.array(z.object({ itemIdentifier: itemIdentifierSchema })).nullish() })
  .nullish();

export type KafkaBatchResponse = { batchItemFailures: Array<{ itemIdentifier: { partition: string; 'topic-partition': string; offset: number } }> };

/** Where a record sits, as far as the response is concerned. */
export interface KafkaRecordPosition {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * The response that asks for these records to be delivered again (none: success).
 *
 * @example
 * kafkaBatchResponse([{ topic: 'invoices', partition: 3, offset: '41' }])
 * // { batchItemFailures: [{ itemIdentifier: { partition: 'invoices-3', 'topic-partition': 'invoices-3', offset: 41 } }] }
 */
export function kafkaBatchResponse(failed: KafkaRecordPosition[]): KafkaBatchResponse {
  return {
    batchItemFailures: failed.map(({ topic, partition, offset }) => {
      const topicPartition = `${topic}-${partition}`;
      return { itemIdentifier: { partition: topicPartition, 'topic-partition': topicPartition, offset: Number(offset) } };
    }),
  };
}

export type ReadBatchResponse =
  | { ok: true; failed: Array<{ topicPartition: string; offset: number }> }
  | { ok: false; reason: string };

/**
 * What a function's answer says failed, as the event source mapping reads it.
 *
 * @example
 * readKafkaBatchResponse({ batchItemFailures: [] }) // { ok: true, failed: [] }
 */
export function readKafkaBatchResponse(payload: unknown): ReadBatchResponse {
  const parsed = kafkaBatchResponseSchema.safeParse(payload);
  if (!parsed.success) return { ok: false, reason: `invalid batch response: ${z.prettifyError(parsed.error)}` };
  const failed = (parsed.data?.batchItemFailures ?? []).map(({ itemIdentifier }) => ({
    topicPartition: (itemIdentifier.partition ?? itemIdentifier['topic-partition']) as string,
    offset: itemIdentifier.offset,
  }));
  return { ok: true, failed };
}
