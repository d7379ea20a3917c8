/**
 * The query string of GET /admin/invalid-invoices, validated: bad filters get a 400 that
 * names the allowed values instead of an empty list.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { z } from 'zod';
import { REASON_CATEGORIES, REASON_CODES } from '../domain/reasons';
import { BadRequestError } from '../errors';
import type { QuarantineFilter } from '../ports/quarantine';

const isoDateTime = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'must be a date or date-time (ISO 8601)');

const querySchema = z.object({
  status: z.enum(['PENDING', 'RESENT', 'DISCARDED']).optional(),
  category: z.enum(REASON_CATEGORIES).optional(),
  code: z.enum(REASON_CODES).optional(),
  clientId: z.string().min(1).max(64).optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).optional(),
});

export interface AdminListQuery {
  filter: QuarantineFilter;
  page: { limit: number; cursor?: string };
}

export function adminListQuery(event: Pick<APIGatewayProxyEvent, 'queryStringParameters'>): AdminListQuery {
  const parsed = querySchema.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new BadRequestError(`The query is not valid (${problems}).`);
  }
  const { limit, cursor, from, to, ...rest } = parsed.data;
  return {
    filter: { ...rest, ...(from ? { from: new Date(from).toISOString() } : {}), ...(to ? { to: endOf(to) } : {}) },
    page: { limit, ...(cursor ? { cursor } : {}) },
  };
}

/** A bare date as `to` means the whole of that day. */
function endOf(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59.999Z` : new Date(value).toISOString();
}
