/**
 * The answers of the admin API as the console reads them (docs/openapi.yaml, /admin).
 * Checked with zod at the edge so the views trust their types; codes and states are
 * plain strings so that a code added on the server shows up instead of failing the page.
 */
import { z } from 'zod';

export const reasonSchema = z.object({
  category: z.string(),
  code: z.string(),
  path: z.string(),
  message: z.string(),
});

export const invalidInvoiceSummarySchema = z.object({
  messageId: z.string(),
  status: z.string(),
  correlationId: z.string(),
  clientId: z.string().optional(),
  issuerTaxId: z.string().optional(),
  invoiceNumber: z.string().optional(),
  quarantinedAt: z.string(),
  category: z.string().optional(),
  codes: z.array(z.string()),
  /** How many reasons the entry has; the detail lists them. */
  reasonCount: z.number().optional(),
});

export const invalidInvoicePageSchema = z.object({
  items: z.array(invalidInvoiceSummarySchema),
  nextCursor: z.string().optional(),
});

const tally = z.record(z.string(), z.number());

export const invalidInvoiceCountsSchema = z.object({
  total: z.number(),
  byStatus: tally,
  byCategory: tally,
  byCode: tally,
});

export const historyEntrySchema = z.object({
  at: z.string(),
  action: z.string(),
  by: z.string().optional(),
  note: z.string().optional(),
  newMessageId: z.string().optional(),
  newMessageStatus: z.string().optional(),
  reasons: z.array(reasonSchema).optional(),
});

export const invalidInvoiceSchema = invalidInvoiceSummarySchema.extend({
  reasons: z.array(reasonSchema),
  causationId: z.string().optional(),
  detectedAt: z.string().optional(),
  source: z.object({
    topic: z.string(),
    partition: z.number(),
    offset: z.union([z.string(), z.number()]).transform(String),
    timestamp: z.string().optional(),
    key: z.string().nullable().optional(),
  }),
  headers: z.record(z.string(), z.string()).optional(),
  payload: z.string(),
  payloadEncoding: z.enum(['utf8', 'base64']),
  payloadTruncated: z.boolean().optional(),
  resentAs: z.string().optional(),
  history: z.array(historyEntrySchema),
});

export const resendReceiptSchema = z.object({ newMessageId: z.string() });

export const clientSchema = z.object({
  clientId: z.string(),
  name: z.string(),
  issuers: z.array(z.string()),
  status: z.string(),
  tier: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().optional(),
  keyCreatedAt: z.string(),
  previousKeyValidUntil: z.string().optional(),
});

export const clientListSchema = z.object({ items: z.array(clientSchema) });

export const clientWithKeySchema = clientSchema.extend({ apiKey: z.string() });

export const messageStatusSchema = z.object({ status: z.string() });

/** An RFC 9457 problem; every member optional, since a proxy's error page may have none. */
export const problemSchema = z.object({
  title: z.string().optional(),
  detail: z.string().optional(),
  reasons: z.array(reasonSchema).optional(),
});

export type ApiReason = z.infer<typeof reasonSchema>;
export type InvalidInvoiceSummary = z.infer<typeof invalidInvoiceSummarySchema>;
export type InvalidInvoicePage = z.infer<typeof invalidInvoicePageSchema>;
export type InvalidInvoiceCounts = z.infer<typeof invalidInvoiceCountsSchema>;
export type HistoryEntry = z.infer<typeof historyEntrySchema>;
export type InvalidInvoice = z.infer<typeof invalidInvoiceSchema>;
export type ApiClient = z.infer<typeof clientSchema>;
export type ApiClientWithKey = z.infer<typeof clientWithKeySchema>;
