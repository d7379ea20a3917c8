/**
 * Section 4, validation alone: how many invoices per second one thread validates with
 * no I/O, for each rule set separately, over the same 90/10 mix the pipeline gets.
 * Wall-clock rate and rate per CPU-second are both kept: on a shared machine the second
 * says what the code costs, the first what this run got.
 */
import { performance } from 'node:perf_hooks';
import { contentHash } from '../../lib/domain/content-hash';
import { decodeInvoicePayload } from '../../lib/domain/decode-invoice-payload';
import { invoiceSchema } from '../../lib/domain/invoice-schema';
import { validateInvoice } from '../../lib/domain/validate-invoice';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import { buildCorpus } from '../corpus/invoice-corpus';
import type { ValidationRow } from '../report/results';
import { ratePerSecond } from '../stats';

const CORPUS_SIZE = 10_000;

interface RuleSet {
  ruleSet: string;
  description: string;
  /** Validates item i of the prepared inputs; returns something so the work cannot be skipped. */
  run: (index: number) => unknown;
  count: number;
}

export function measureValidation(durationMs: number, log: (line: string) => void): ValidationRow[] {
  const submittedAt = new Date();
  const maxBytes = INFRASTRUCTURE.http.maxBodyBytes;
  const values = buildCorpus({ runTag: 'bench-validation', count: CORPUS_SIZE, submittedAt }).map((invoice) => new Uint8Array(invoice.value));
  const documents = values.flatMap((value) => {
    const decoded = decodeInvoicePayload(value, maxBytes);
    return decoded.ok ? [decoded.document] : [];
  });
  const context = { submittedAt };
  const ruleSets: RuleSet[] = [
    { ruleSet: 'decode', description: 'size, UTF-8, nesting depth, JSON.parse, is an object', count: values.length, run: (i) => decodeInvoicePayload(values[i] as Uint8Array, maxBytes) },
    { ruleSet: 'schema', description: 'the zod field rules alone, on decoded documents', count: documents.length, run: (i) => invoiceSchema.safeParse(documents[i], { reportInput: true }) },
    { ruleSet: 'full', description: 'validateInvoice: field and cross-field rules, on decoded documents', count: documents.length, run: (i) => validateInvoice(documents[i], context) },
    {
      ruleSet: 'decode + full',
      description: 'decode then validateInvoice: every rule a record goes through',
      count: values.length,
      run: (i) => {
        const decoded = decodeInvoicePayload(values[i] as Uint8Array, maxBytes);
        return decoded.ok ? validateInvoice(decoded.document, context) : decoded;
      },
    },
    {
      ruleSet: 'decode + full + hash',
      description: 'as the validator judges a record: also the content hash of valid ones',
      count: values.length,
      run: (i) => {
        const decoded = decodeInvoicePayload(values[i] as Uint8Array, maxBytes);
        if (!decoded.ok) return decoded;
        const result = validateInvoice(decoded.document, context);
        return result.valid ? contentHash(decoded.document) : result;
      },
    },
  ];
  return ruleSets.map((ruleSet) => {
    const row = measure(ruleSet, durationMs);
    log(`validation ${row.ruleSet}: ${Math.round(row.rate)} invoices/s (${Math.round(row.cpuRate)} per CPU-second)`);
    return row;
  });
}

/** Warms the rule set up (JIT), then runs it round after round over its inputs for durationMs. */
function measure(ruleSet: RuleSet, durationMs: number): ValidationRow {
  loopFor(ruleSet, durationMs / 4);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const invoices = loopFor(ruleSet, durationMs);
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return { ruleSet: ruleSet.ruleSet, description: ruleSet.description, invoices, ms, rate: ratePerSecond(invoices, ms), cpuRate: ratePerSecond(invoices, cpuMs) };
}

function loopFor(ruleSet: RuleSet, durationMs: number): number {
  const until = performance.now() + durationMs;
  let done = 0;
  let sink = 0;
  while (performance.now() < until) {
    // Check the clock once per 100 invoices: reading it is not free either.
    for (let step = 0; step < 100; step += 1) {
      if (ruleSet.run(done % ruleSet.count)) sink += 1;
      done += 1;
    }
  }
  if (sink < 0) throw new Error('unreachable');
  return done;
}
