/**
 * The items of our DynamoDB tables as they come back, parsed with zod where they enter the
 * core: an item damaged or written by another version is refused with what is wrong (a
 * StoreRejectedError naming the table and the field), never passed on as if it were whole.
 */
import { z } from 'zod';
import { invalidInvoiceMessageSchema, reasonSchema } from '../../domain/invalid-invoice-message';
import { messageOriginSchema } from '../../domain/message-origin';
import { REASON_CATEGORIES, REASON_CODES } from '../../domain/reasons';
import { StoreRejectedError } from '../../errors';
import type { StoredInvoice } from '../../ports/invoice-store';
import type { MessageEntry } from '../../ports/message-log';
import type { QuarantineEntry, QuarantineListItem } from '../../ports/quarantine';

const coordinatesSchema = messageOriginSchema;
const identitySchema = z.object({ issuerTaxId: z.string(), invoiceNumber: z.string() });

export const storedInvoiceItemSchema = identitySchema.extend({
  messageId: z.string(),
  correlationId: z.string(),
  contentHash: z.string(),
  payload: z.string(),
  submittedAt: z.string(),
  storedAt: z.string(),
  origin: coordinatesSchema,
  clientId: z.string().optional(),
}) satisfies z.ZodType<StoredInvoice>;

export const messageEntryItemSchema = z.object({
  messageId: z.string(),
  status: z.enum(['ACCEPTED', 'STORED', 'DUPLICATE', 'INVALID']),
  correlationId: z.string().optional(),
  causationId: z.string().optional(),
  source: z.string().optional(),
  origin: coordinatesSchema.optional(),
  acceptedAt: z.string().optional(),
  processedAt: z.string().optional(),
  invoice: identitySchema.optional(),
  reasons: z.array(reasonSchema).optional(),
  clientId: z.string().optional(),
}) satisfies z.ZodType<MessageEntry>;

const statusSchema = z.enum(['PENDING', 'RESENT', 'DISCARDED']);
const eventBase = { at: z.string(), by: z.string().optional() };

const historyEventItemSchema = z.discriminatedUnion('action', [
  z.object({ ...eventBase, action: z.literal('QUARANTINED') }),
  z.object({ ...eventBase, action: z.literal('RESEND_REJECTED'), reasons: z.array(reasonSchema) }),
  z.object({
    ...eventBase,
    action: z.literal('RESENT'),
    newMessageId: z.string(),
    corrected: z.boolean().optional(),
    correctedPayloadSha256: z.string().optional(),
    before: z.object({ status: statusSchema }).optional(),
    after: z.object({ status: statusSchema, resentAs: z.string().optional() }).optional(),
    note: z.string().optional(),
  }),
  z.object({ ...eventBase, action: z.literal('RESEND_FAILED'), newMessageId: z.string(), note: z.string() }),
  z.object({ ...eventBase, action: z.literal('DISCARDED'), note: z.string(), before: z.object({ status: statusSchema }).optional(), after: z.object({ status: statusSchema }).optional() }),
]);

export const quarantineEntryItemSchema = invalidInvoiceMessageSchema.extend({
  status: z.enum(['PENDING', 'RESENT', 'DISCARDED']),
  category: z.enum(REASON_CATEGORIES),
  codes: z.array(z.enum(REASON_CODES)),
  issuerTaxId: z.string().optional(),
  invoiceNumber: z.string().optional(),
  quarantinedAt: z.string(),
  notified: z.boolean(),
  history: z.array(historyEventItemSchema),
  resentAs: z.string().optional(),
}) satisfies z.ZodType<QuarantineEntry>;

export const quarantineListRowSchema = z.object({
  list: z.string(),
  at: z.string(),
  messageId: z.string(),
  status: z.enum(['PENDING', 'RESENT', 'DISCARDED']),
  correlationId: z.string(),
  clientId: z.string().optional(),
  issuerTaxId: z.string().optional(),
  invoiceNumber: z.string().optional(),
  quarantinedAt: z.string(),
  category: z.enum(REASON_CATEGORIES),
  codes: z.array(z.enum(REASON_CODES)),
  reasonCount: z.number().int(),
  resentAs: z.string().optional(),
}) satisfies z.ZodType<QuarantineListItem & { list: string; at: string }>;

/**
 * @example
 * const invoice = parseItem(storedInvoiceItemSchema, Item, 'Invoices'); // throws StoreRejectedError on a damaged item
 */
export function parseItem<S extends z.ZodType>(schema: S, item: Record<string, unknown>, table: string): z.output<S> {
  const parsed = schema.safeParse(item);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new StoreRejectedError(`an item of ${table} is not in the expected shape (${issue?.path.join('.') || 'item'}: ${issue?.message ?? 'invalid'})`);
}

