/**
 * The invoices a bench run puts on its topic: 90 % valid, 10 % invalid across every
 * category (one record in ten, cycling through INVALID_VARIANTS), each with a unique
 * invoice number and message id so runs never collide with each other or with tests.
 * Records carry the same key and headers the submit path gives them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { identityKey, readIdentity, type InvoiceIdentity } from '../../lib/domain/invoice-identity';
import { buildRecordHeaders } from '../../lib/domain/message-headers';
import type { ReasonCategory, ReasonCode } from '../../lib/domain/reasons';
import { INVALID_VARIANTS, type InvoiceDocument } from './invalid-variants';

/** One record in this many is invalid. */
export const INVALID_EVERY = 10;

export interface CorpusOptions {
  /** Unique per run and configuration: part of every invoice number and message id. */
  runTag: string;
  count: number;
  /** "Now" for the records: their submitted-at header, and the dates of the invoices. */
  submittedAt: Date;
}

export interface BenchInvoice {
  index: number;
  messageId: string;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
  /** Where the validator must put it. */
  expected: 'STORED' | 'INVALID';
  variant: string;
  category?: Exclude<ReasonCategory, 'PROCESSING'>;
  code?: ReasonCode;
  /** The row it leaves in the Invoices table, for valid invoices. */
  identity?: InvoiceIdentity;
}

const FIXTURE = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'valid-basic.json');

/**
 * Builds the records of a run, deterministically from its options.
 *
 * @example
 * const corpus = buildCorpus({ runTag: 'bench-x1', count: 100, submittedAt: new Date() });
 * corpus.filter((invoice) => invoice.expected === 'INVALID').length // 10
 */
export function buildCorpus(options: CorpusOptions): BenchInvoice[] {
  const template = JSON.parse(readFileSync(FIXTURE, 'utf8')) as InvoiceDocument;
  const dates = invoiceDates(options.submittedAt);
  const invoices: BenchInvoice[] = [];
  let previous: InvoiceDocument | undefined;
  for (let index = 0; index < options.count; index += 1) {
    const document = documentFor(template, options.runTag, index, dates);
    const messageId = `${options.runTag}-${index}`;
    const headers = buildRecordHeaders({ messageId, correlationId: messageId, source: 'bench', submittedAt: options.submittedAt });
    const variant = index % INVALID_EVERY === INVALID_EVERY - 1 ? INVALID_VARIANTS[Math.floor(index / INVALID_EVERY) % INVALID_VARIANTS.length] : undefined;
    if (!variant || !previous) {
      const identity = readIdentity(document) as InvoiceIdentity;
      invoices.push({ index, messageId, key: identityKey(identity), value: Buffer.from(JSON.stringify(document)), headers, expected: 'STORED', variant: 'valid', identity });
      previous = document;
      continue;
    }
    const keyedBy = variant.code === 'DUPLICATE_CONFLICT' ? previous : document;
    invoices.push({
      index,
      messageId,
      key: identityKey(readIdentity(keyedBy) as InvoiceIdentity),
      value: variant.build(document, previous),
      headers,
      expected: 'INVALID',
      variant: variant.name,
      category: variant.category,
      code: variant.code,
    });
  }
  return invoices;
}

/** Issued the day before submission and due a month later, so no date rule trips by accident. */
function invoiceDates(submittedAt: Date): { issueDate: string; dueDate: string } {
  const day = 24 * 60 * 60 * 1000;
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { issueDate: iso(submittedAt.getTime() - day), dueDate: iso(submittedAt.getTime() + 29 * day) };
}

function documentFor(template: InvoiceDocument, runTag: string, index: number, dates: { issueDate: string; dueDate: string }): InvoiceDocument {
  return {
    ...template,
    ...dates,
    invoiceNumber: `${runTag}-${index}`,
    // A few dozen issuers, as a real feed has: keys spread over every partition.
    issuer: { ...(template.issuer as Record<string, unknown>), taxId: `B${10_000_000 + (index % 97)}` },
  };
}

/**
 * `count` valid invoices only (for the ingest measures, where every request must be
 * accepted): the valid part of a larger corpus.
 *
 * @example
 * buildValidInvoices('bench-x1-http', 50, new Date()).length // 50
 */
export function buildValidInvoices(runTag: string, count: number, submittedAt: Date): BenchInvoice[] {
  const corpus = buildCorpus({ runTag, count: Math.ceil((count * INVALID_EVERY) / (INVALID_EVERY - 1)) + INVALID_EVERY, submittedAt });
  return corpus.filter((invoice) => invoice.expected === 'STORED').slice(0, count);
}
