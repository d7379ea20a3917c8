/**
 * The admin API's answers and requests as zod schemas: the one source of the admin schemas of
 * docs/openapi.yaml, of the types the console and the CLI read (they parse every answer with
 * these), and of the types the admin handlers' answers are built as (lib/http/admin-views.ts
 * and the trace handler are checked against them at compile time).
 */
import { z } from 'zod';
import { INFRASTRUCTURE } from '../infrastructure';
import { messageOriginSchema } from './public-api';
import { reasonCategorySchema, reasonCodeSchema, reasonSchema } from './reasons';

const dateTime = (description?: string) => z.string().meta({ format: 'date-time', ...(description ? { description } : {}) });

export const QUARANTINE_STATUSES = ['PENDING', 'RESENT', 'DISCARDED'] as const;

export const quarantineStatusSchema = z.enum(QUARANTINE_STATUSES).meta({
  id: 'QuarantineStatus',
  description: 'PENDING: waiting for an admin. RESENT: a corrected (or unchanged) copy was sent as a new\nmessage. DISCARDED: an admin dropped it, with a note.\n',
});

export const invalidInvoiceSummarySchema = z
  .object({
    messageId: z.string().meta({ description: 'The id of the invalid message.' }),
    status: quarantineStatusSchema,
    correlationId: z.string(),
    clientId: z.string().optional().meta({ description: 'The client that sent it; absent for a record produced straight to the topic.' }),
    issuerTaxId: z.string().optional().meta({ description: "The issuer's tax id, normalised, when it could be read." }),
    invoiceNumber: z.string().optional().meta({ description: 'The invoice number, when it could be read.' }),
    quarantinedAt: dateTime('When it was quarantined.'),
    category: reasonCategorySchema,
    codes: z.array(reasonCodeSchema).min(1).meta({ description: 'The distinct reason codes, in the order they first appear.' }),
    reasonCount: z.int().min(1).optional().meta({ description: 'How many reasons it has (a list shows only their codes; the entry itself lists them).' }),
    resentAs: z.string().optional().meta({ description: 'On RESENT, the message id of the copy that was sent.' }),
  })
  .meta({ id: 'InvalidInvoiceSummary', description: 'One quarantined message, as listed.' });

const by = z.string().optional().meta({ description: 'Who did it: the admin, or the function for QUARANTINED.' });

/** What happened to a quarantined message, one kind of event per action. */
export const quarantineEventSchema = z
  .discriminatedUnion('action', [
    z.object({ action: z.literal('QUARANTINED'), at: dateTime(), by }).meta({ description: 'The validator rejected it and the quarantine took it.' }),
    z.object({ action: z.literal('RESEND_REJECTED'), at: dateTime(), by, reasons: z.array(reasonSchema) }).meta({ description: 'A resend still broke a rule; nothing was sent.' }),
    z
      .object({
        action: z.literal('RESENT'),
        at: dateTime(),
        by,
        newMessageId: z.string().meta({ description: 'The message id of the copy.' }),
        newMessageStatus: z.string().optional().meta({ description: 'What became of the copy, when it was read (see MessageState).' }),
        corrected: z.boolean().optional().meta({ description: 'True when the copy was the admin’s correction, false when the original was sent as is.' }),
        correctedPayloadSha256: z.string().optional(),
        note: z.string().optional(),
      })
      .meta({ description: 'A copy was sent as a new message.' }),
    z
      .object({ action: z.literal('RESEND_FAILED'), at: dateTime(), by, newMessageId: z.string(), note: z.string().meta({ description: 'Why the broker did not take it.' }) })
      .meta({ description: 'The copy could not be published; the entry is PENDING again.' }),
    z.object({ action: z.literal('DISCARDED'), at: dateTime(), by, note: z.string().meta({ description: "The admin's note." }) }).meta({ description: 'An admin dropped it.' }),
  ])
  .meta({ id: 'QuarantineEvent', description: 'One event of a quarantined message’s history.' });

export const invalidInvoiceSchema = invalidInvoiceSummarySchema
  .extend({
    reasons: z.array(reasonSchema).min(1),
    causationId: z.string().optional().meta({ description: 'When this message was itself a resend, the id of the message it replaced.' }),
    detectedAt: dateTime('When the validator rejected it.').optional(),
    source: messageOriginSchema
      .extend({
        offset: z.union([z.string(), z.number()]).transform(String).meta({ description: 'The offset in the partition.' }),
        timestamp: dateTime('The record’s timestamp (the submission time the rules use).').optional(),
        key: z.string().nullable().optional().meta({ description: 'The record key.' }),
      })
      .meta({ description: 'Where the record was on its transport (Kafka topic, partition and offset).' }),
    headers: z.record(z.string(), z.string()).optional().meta({ description: 'The record’s headers.' }),
    payload: z.string().meta({ description: 'The record value exactly as received, as text (utf8) or base64 when it is not UTF-8.' }),
    payloadEncoding: z.enum(['utf8', 'base64']),
    payloadSizeBytes: z.int().min(0).optional().meta({ description: 'The size of the record value as received.' }),
    payloadTruncated: z.boolean().optional().meta({ description: 'True when only the first bytes were kept (the record itself is still on the topic).' }),
    validator: z.object({ name: z.string(), version: z.string() }).optional().meta({ description: 'The validator that rejected it.' }),
    history: z.array(quarantineEventSchema).meta({ description: 'What happened to it, oldest first.' }),
  })
  .meta({ id: 'InvalidInvoice', description: 'One quarantined message in full.' });

export const invalidInvoicePageSchema = z
  .object({
    items: z.array(invalidInvoiceSummarySchema),
    nextCursor: z.string().optional().meta({ description: 'Pass it as `cursor` for the next page; absent on the last page.' }),
  })
  .meta({ id: 'InvalidInvoicePage' });

const tally = z.record(z.string(), z.int().min(0));

export const invalidInvoiceCountsSchema = z
  .object({
    total: z.int().min(0),
    byStatus: tally,
    byCategory: tally,
    byCode: tally.meta({ description: 'An entry with several codes counts once under each.' }),
  })
  .meta({ id: 'InvalidInvoiceCounts', description: 'How many quarantined messages per status, category and reason code (kept as counters: the same cost at any size).' });

export const resendReceiptSchema = z
  .object({ newMessageId: z.string().meta({ format: 'uuid', description: 'The id of the new message; follow it with `GET /messages/{newMessageId}`.' }) })
  .meta({ id: 'ResendReceipt' });

export const MAX_DISCARD_NOTE_CHARS = 1000;

export const discardRequestSchema = z
  .object({ note: z.string().min(1).max(MAX_DISCARD_NOTE_CHARS).meta({ description: 'Why it is discarded, for whoever reads the history later.' }) })
  .meta({ id: 'DiscardRequest' });

const { tiers, defaultTier, maxIssuersPerClient } = INFRASTRUCTURE.clients;
const tierNames = Object.keys(tiers) as [string, ...string[]];

export const clientRegistrationSchema = z
  .object({
    name: z.string().min(1).max(200).meta({ description: 'Who the client is, for admins.' }),
    issuers: z
      .array(z.string())
      .min(1)
      .max(maxIssuersPerClient)
      .meta({ description: 'The issuer tax ids it may submit invoices for (3-32 letters and digits once spaces and `-` are removed).' }),
    tier: z
      .enum(tierNames)
      .optional()
      .meta({
        default: defaultTier,
        description: `Its request rate: ${Object.entries(tiers)
          .map(([name, tier]) => `${name} ${tier.rateLimit}/s (burst ${tier.burstLimit})`)
          .join(', ')}.`,
      }),
  })
  .meta({ id: 'ClientRegistration' });

export const clientSchema = z
  .object({
    clientId: z.string(),
    name: z.string(),
    issuers: z.array(z.string()).meta({ description: 'Normalised tax ids; `*` (the local demo client only) is any issuer.' }),
    status: z.enum(['ACTIVE', 'REVOKED']),
    tier: z.string(),
    createdAt: dateTime(),
    revokedAt: dateTime().optional(),
    keyCreatedAt: dateTime('When the current key was made.'),
    previousKeyValidUntil: dateTime('After a rotation, until when the previous key still works.').optional(),
  })
  .meta({ id: 'Client' });

export const clientWithKeySchema = clientSchema
  .extend({ apiKey: z.string().meta({ description: 'The key to send as `x-api-key`. Only its SHA-256 is kept; it cannot be shown again.' }) })
  .meta({ id: 'ClientWithKey', description: 'A client with its new key, shown this once.' });

export const clientListSchema = z.object({ items: z.array(clientSchema) }).meta({ id: 'ClientList' });

export type QuarantineEvent = z.infer<typeof quarantineEventSchema>;
export type InvalidInvoiceSummary = z.infer<typeof invalidInvoiceSummarySchema>;
export type InvalidInvoicePage = z.infer<typeof invalidInvoicePageSchema>;
export type InvalidInvoiceCounts = z.infer<typeof invalidInvoiceCountsSchema>;
export type InvalidInvoice = z.infer<typeof invalidInvoiceSchema>;
export type ApiClient = z.infer<typeof clientSchema>;
export type ApiClientWithKey = z.infer<typeof clientWithKeySchema>;

const identitySchema = z.object({
  issuerTaxId: z.string().meta({ description: "The issuer's tax id, normalised." }),
  invoiceNumber: z.string().meta({ description: 'The invoice number, trimmed.' }),
});

/** One step of a message's life, one kind of step per event. */
export const traceEventSchema = z
  .discriminatedUnion('event', [
    z
      .object({
        event: z.literal('ACCEPTED'),
        at: dateTime(),
        origin: messageOriginSchema.optional(),
        source: z.string().optional().meta({ description: 'Who put it on the topic (`invoice-api`, `admin-resend`, ...).' }),
      })
      .meta({ description: 'Published to the topic: its Kafka topic, partition and offset.' }),
    z.object({ event: z.literal('STORED'), at: dateTime(), invoice: identitySchema }).meta({ description: 'Valid and stored.' }),
    z.object({ event: z.literal('DUPLICATE'), at: dateTime(), invoice: identitySchema }).meta({ description: 'The same invoice with the same content was already stored.' }),
    z.object({ event: z.literal('INVALID'), at: dateTime(), reasons: z.array(reasonSchema) }).meta({ description: 'Rejected by the validator, with every reason.' }),
    z.object({ event: z.literal('QUARANTINED'), at: dateTime(), by }).meta({ description: 'Taken by the quarantine, waiting for an admin.' }),
    z.object({ event: z.literal('RESEND_REJECTED'), at: dateTime(), by, reasons: z.array(reasonSchema) }).meta({ description: 'An admin’s resend still broke a rule; nothing was sent.' }),
    z.object({ event: z.literal('RESENT'), at: dateTime(), by, newMessageId: z.string() }).meta({ description: 'An admin resent it as a new message.' }),
    z.object({ event: z.literal('RESEND_FAILED'), at: dateTime(), by, newMessageId: z.string(), note: z.string() }).meta({ description: 'A resend could not be published.' }),
    z.object({ event: z.literal('DISCARDED'), at: dateTime(), by, note: z.string() }).meta({ description: 'An admin discarded it.' }),
  ])
  .meta({ id: 'TraceEvent', description: 'One step of a message’s timeline.' });

export const tracedMessageSchema = z
  .object({
    messageId: z.string(),
    status: z.enum(['ACCEPTED', 'STORED', 'DUPLICATE', 'INVALID', 'RESENT', 'DISCARDED']).meta({ description: 'Where it stands now (see MessageState).' }),
    correlationId: z.string().optional(),
    causationId: z.string().optional().meta({ description: 'On a resent copy, the message it replaced.' }),
    clientId: z.string().optional(),
    invoice: identitySchema.optional().meta({ description: 'The invoice it carried, when its identity could be read.' }),
    quarantined: z.boolean().meta({ description: 'True when the quarantine holds it (`GET /admin/invalid-invoices/{messageId}`).' }),
    timeline: z.array(traceEventSchema).meta({ description: 'What happened to it, oldest first.' }),
  })
  .meta({ id: 'TracedMessage', description: 'One message and its timeline.' });

export const TRACE_LOOKUPS = ['messageId', 'correlationId', 'invoice'] as const;

export const messageTraceSchema = z
  .object({
    lookup: z.object({ by: z.enum(TRACE_LOOKUPS), value: z.string().meta({ description: 'The id looked up, or `issuerTaxId/invoiceNumber`.' }) }),
    messages: z.array(tracedMessageSchema).meta({ description: 'Every message found, in the order they were accepted. A message id finds the whole correlation it belongs to: the original and every resent copy.' }),
    truncated: z.boolean().optional().meta({ description: 'True when more messages matched than one answer holds (the first ones are shown).' }),
  })
  .meta({ id: 'MessageTrace', description: 'The messages of one lookup, each with its timeline.' });

export type TraceEvent = z.infer<typeof traceEventSchema>;
export type TracedMessage = z.infer<typeof tracedMessageSchema>;
export type MessageTrace = z.infer<typeof messageTraceSchema>;
