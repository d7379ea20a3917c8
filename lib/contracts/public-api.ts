/**
 * The answers of the public API (submit, follow a message, read an invoice) as zod schemas:
 * the one source of docs/openapi.yaml's public schemas (npm run docs:openapi).
 */
import { z } from 'zod';
import { INFRASTRUCTURE } from '../infrastructure';
import { invoiceSchema } from './invoice';
import { reasonSchema } from './reasons';

const dateTime = (description: string) => z.string().meta({ format: 'date-time', description });

export const problemSchema = z
  .looseObject({
    type: z.string().meta({ format: 'uri-reference', description: 'A URI naming the kind of problem; `about:blank` when the status and title say it all.' }),
    title: z.string().meta({ description: 'The HTTP status phrase, such as `Bad Request`.' }),
    status: z.int().min(400).max(599).meta({ description: "The HTTP status code, the same as the response's." }),
    detail: z.string().meta({ description: 'What went wrong with this request, in a sentence a person can act on.' }),
    instance: z.string().optional().meta({ format: 'uri-reference', description: 'The path of the request that failed.' }),
  })
  .meta({ id: 'Problem', description: 'An error, as RFC 9457 problem details. Extension members may follow the standard ones.' });

export const contentTooLargeProblemSchema = problemSchema
  .extend({
    status: z.literal(413),
    limitBytes: z.int().meta({ description: 'The largest body accepted, in bytes.' }),
    sizeBytes: z.int().meta({ description: 'The size of the body that was sent, in bytes.' }),
  })
  .meta({ id: 'ContentTooLargeProblem', description: 'A 413 problem, with the limit and the size that broke it.' });

export const validationProblemSchema = problemSchema
  .extend({ status: z.literal(422), reasons: z.array(reasonSchema).min(1) })
  .meta({ id: 'ValidationProblem', description: 'A 422 problem with every rule the document breaks.' });

const { rabbitmq } = INFRASTRUCTURE;

export const messageOriginSchema = z
  .object({
    transport: z
      .string()
      .optional()
      .meta({ description: 'The transport when it is not Kafka, the default: `rabbitmq` when RabbitMQ carried the message.', examples: ['rabbitmq'] }),
    topic: z.string().meta({
      description: `The topic (Kafka, \`${INFRASTRUCTURE.kafka.topic}\`) or the queue (RabbitMQ, \`${rabbitmq.queue}\`).`,
      examples: [INFRASTRUCTURE.kafka.topic],
    }),
    partition: z.int().min(0).meta({ description: 'The partition; every version of one invoice lands on the same one. Always 0 on a queue.' }),
    offset: z.string().min(1).meta({
      description: 'On Kafka, the offset in the partition as a string of digits (it can exceed what a JSON number holds exactly); on RabbitMQ, the message id (a queue has no position).',
    }),
    redelivered: z.boolean().optional().meta({ description: 'RabbitMQ only: true when the broker had delivered the message before (a failed batch, a consumer that died).' }),
  })
  .meta({ id: 'MessageOrigin', description: 'Where the message is on the transport that carried it (on Kafka, the default, its topic, partition and offset).' });

const receiptIds = {
  messageId: z.string().meta({ format: 'uuid', description: 'The id of this message; it follows the invoice through the broker, logs and stores.' }),
  correlationId: z.string().meta({ description: 'The correlation id of the request (yours, or the one made for it).' }),
};

export const kafkaSubmissionReceiptSchema = z
  .object({
    ...receiptIds,
    topic: z.string().meta({ description: `The topic, \`${INFRASTRUCTURE.kafka.topic}\`.`, examples: [INFRASTRUCTURE.kafka.topic] }),
    partition: z.int().min(0).meta({ description: 'The partition; every version of one invoice lands on the same one.' }),
    offset: z
      .string()
      .regex(/^[0-9]+$/)
      .meta({ description: 'The offset in the partition, as a string of digits (it can exceed what a JSON number holds exactly).' }),
  })
  .meta({ id: 'KafkaSubmissionReceipt', description: 'Where an accepted invoice went on Kafka (the default transport).' });

export const rabbitMqSubmissionReceiptSchema = z
  .object({
    ...receiptIds,
    transport: z.literal('rabbitmq').meta({ description: 'RabbitMQ carries the invoices of this deployment.' }),
    queue: z.string().meta({ description: `The durable queue the broker confirmed it on, \`${rabbitmq.queue}\`.`, examples: [rabbitmq.queue] }),
  })
  .meta({ id: 'RabbitMqSubmissionReceipt', description: 'Where an accepted invoice went on RabbitMQ (TRANSPORT=rabbitmq).' });

export const submissionReceiptSchema = z
  .union([kafkaSubmissionReceiptSchema, rabbitMqSubmissionReceiptSchema])
  .meta({ id: 'SubmissionReceipt', description: 'Where an accepted invoice went, in the terms of the transport that carries it. Follow it with `GET /messages/{messageId}`.' });

const itemIndex = z.int().min(0).meta({ description: "The item's position in the request, from 0." });

const acceptedItem = { index: itemIndex, status: z.literal(202) };

export const batchItemAcceptedSchema = z
  .union([kafkaSubmissionReceiptSchema.extend(acceptedItem), rabbitMqSubmissionReceiptSchema.extend(acceptedItem)])
  .meta({ id: 'BatchItemAccepted', description: 'This item was published; follow it with `GET /messages/{messageId}`.' });

export const batchItemRejectedSchema = z
  .object({
    index: itemIndex,
    status: z.union([z.literal(400), z.literal(403), z.literal(413), z.literal(503)]).meta({
      description: `400: the item is not a JSON object; fix it. 403: its \`issuer.taxId\` is not one your key\ncovers. 413: the item alone is over ${INFRASTRUCTURE.http.maxBodyBytes} bytes (${INFRASTRUCTURE.http.maxBodyBytes / 1024} KiB). 503: the broker could not\ntake it; send this item again.\n`,
    }),
    title: z.string().meta({ description: 'The status phrase, such as `Bad Request`.' }),
    detail: z.string().meta({ description: 'Why this item was rejected, in a sentence a person can act on.' }),
  })
  .meta({ id: 'BatchItemRejected', description: 'This item was not published; the others were (or failed on their own).' });

export const batchReceiptSchema = z
  .object({ results: z.array(z.union([batchItemAcceptedSchema, batchItemRejectedSchema])) })
  .meta({ id: 'BatchReceipt', description: 'One result per item of the batch, in the order of the request.' });

const clientIdField = z.string().optional().meta({ description: 'The client that sent it (absent for a record produced straight to the topic).' });

export const storedInvoiceSchema = z
  .object({
    issuerTaxId: z.string().meta({ description: "The issuer's tax id, normalised (upper case, no spaces or `-`)." }),
    invoiceNumber: z.string().meta({ description: 'The invoice number, trimmed.' }),
    messageId: z.string().meta({ description: 'The message that stored it.' }),
    correlationId: z.string().meta({ description: 'The correlation id of that message.' }),
    submittedAt: dateTime("When the message was submitted (the Kafka record's `submitted-at` header)."),
    storedAt: dateTime('When the validator stored it.'),
    origin: messageOriginSchema,
    clientId: clientIdField,
    invoice: invoiceSchema.meta({ description: 'The document exactly as it was submitted, unknown fields included.' }),
  })
  .meta({ id: 'StoredInvoice', description: 'A valid invoice as stored, with the message that stored it.' });

export const MESSAGE_STATES = ['ACCEPTED', 'STORED', 'DUPLICATE', 'INVALID', 'RESENT', 'DISCARDED'] as const;

export const messageStateSchema = z.enum(MESSAGE_STATES).meta({ id: 'MessageState', description: 'See MessageStatus for what each one means.' });

export const messageStatusSchema = z
  .object({
    messageId: z.string().meta({ description: 'The message id.' }),
    status: messageStateSchema,
    correlationId: z.string().meta({ description: 'The correlation id the message carries.' }),
    causationId: z.string().optional().meta({ description: 'On a resent copy, the id of the message it replaces.' }),
    source: z.string().optional().meta({ description: 'Who put the message on the topic (`invoice-api`, `admin-resend`, ...).' }),
    clientId: clientIdField,
    origin: messageOriginSchema.optional(),
    acceptedAt: dateTime('When the message was accepted onto the topic.').optional(),
    processedAt: dateTime('When the validator (or an admin) last changed its status.').optional(),
    invoice: z
      .object({
        issuerTaxId: z.string().meta({ description: "The issuer's tax id, normalised." }),
        invoiceNumber: z.string().meta({ description: 'The invoice number, trimmed.' }),
        location: z
          .string()
          .regex(/^\/invoices\/[^/]+\/[^/]+$/)
          .meta({ description: 'Where to read it, `/invoices/{issuerTaxId}/{invoiceNumber}` (the number URL-encoded).' }),
      })
      .optional()
      .meta({
        description:
          'The invoice this message is about, when its identity could be read. On STORED and\nDUPLICATE, `location` is where it is stored; on the other statuses it is where the\ninvoice would be (nothing, or another version of it, may be stored there).\n',
      }),
    reasons: z.array(reasonSchema).optional().meta({ description: 'Every rule the message breaks (INVALID, and kept after RESENT or DISCARDED).' }),
    resentAs: z.string().optional().meta({ description: 'On RESENT, the message id of the corrected copy.' }),
  })
  .meta({
    id: 'MessageStatus',
    description: `Where one message stands. \`status\` is one of:

| status | meaning |
| --- | --- |
| \`ACCEPTED\` | On the topic, not processed yet. Ask again in a moment. |
| \`STORED\` | Valid and stored; \`invoice.location\` is where to read it. |
| \`DUPLICATE\` | The same invoice with the same content was already stored; nothing changed. |
| \`INVALID\` | Rejected; \`reasons\` says every rule it breaks. It waits for an admin to correct and resend it, or discard it. |
| \`RESENT\` | An admin resent a corrected copy; \`resentAs\` is the new message id to follow. |
| \`DISCARDED\` | An admin discarded it. |
`,
    // What each status promises beyond the fields every message has.
    allOf: [
      { if: { properties: { status: { const: 'STORED' } } }, then: { required: ['invoice'] } },
      { if: { properties: { status: { const: 'INVALID' } } }, then: { required: ['reasons'], properties: { reasons: { minItems: 1 } } } },
      { if: { properties: { status: { const: 'RESENT' } } }, then: { required: ['resentAs'] } },
    ],
  });

export type SubmissionReceipt = z.infer<typeof submissionReceiptSchema>;
export type MessageStatusAnswer = z.infer<typeof messageStatusSchema>;
export type StoredInvoiceAnswer = z.infer<typeof storedInvoiceSchema>;
