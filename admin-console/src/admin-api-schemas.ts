/**
 * The answers of the admin API as the console and the CLI read them: the contract's own
 * schemas (lib/contracts), the same ones docs/openapi.yaml is generated from, so the console
 * cannot read a shape the server does not send. Only an error body is read leniently: a proxy
 * or a gateway may answer with a page that is not our problem+json.
 */
import { z } from 'zod';
import { reasonSchema } from '../../lib/contracts/reasons';

export {
  clientListSchema,
  clientSchema,
  clientWithKeySchema,
  invalidInvoiceCountsSchema,
  invalidInvoicePageSchema,
  invalidInvoiceSchema,
  messageTraceSchema,
  resendReceiptSchema,
} from '../../lib/contracts/admin-api';
export { messageStatusSchema } from '../../lib/contracts/public-api';
export { reasonSchema };

/** An RFC 9457 problem; every member optional, since a proxy's error page may have none. */
export const problemSchema = z.object({
  title: z.string().optional(),
  detail: z.string().optional(),
  reasons: z.array(reasonSchema).optional(),
});

export type { ApiReason } from '../../lib/contracts/reasons';
export type {
  ApiClient,
  ApiClientWithKey,
  InvalidInvoice,
  InvalidInvoiceCounts,
  InvalidInvoicePage,
  InvalidInvoiceSummary,
  MessageTrace,
  TraceEvent,
  TracedMessage,
  QuarantineEvent as HistoryEntry,
} from '../../lib/contracts/admin-api';
