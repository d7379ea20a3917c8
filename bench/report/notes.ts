/**
 * The notes under a run's tables: how it measured (so the figures are read right) and
 * the few differences the tables only imply, computed from the run's own figures.
 */
import { formatValue } from './svg-chart';
import { bestPipelineRun } from './targets';
import { wasMeasured, type BenchResults } from './results';

/** Partitions of the invoices topic, hence the most batches in flight at once. */
const PARTITIONS = 6;

export function runNotes(results: Pick<BenchResults, 'mode' | 'sections'>): string[] {
  const { sections } = results;
  const notes: string[] = [];
  if (results.mode === 'quick') notes.push('Quick run: every size is reduced (see the command); run `npm run bench` on a quiet machine for the figures to quote.');
  if (wasMeasured(sections.pipeline)) {
    notes.push(
      'Pipeline: the trigger members (the plugin\'s KafkaTriggerMember class) run inside the bench process, on bench topics and groups; the validator runs in serverless-offline, in its process (`useInProcess`). A member handles its partitions concurrently, so 1 or 5 consumers both send at most 6 batches at a time (one per partition).',
      'Per invoice the validator writes more than the raw loop does: a conditional put per valid invoice, an outcome row per invalid or duplicate record in InvoiceMessages (BatchWriteItem) after a BatchGetItem that finds the ACCEPTED rows of the stored ones, and one SQS message per invalid invoice; the raw loop writes each invoice once, batched and unconditional.',
    );
  }
  const perInvocation = pipelineCeiling(sections);
  if (perInvocation) notes.push(perInvocation);
  const bottleneck = pipelineBottleneck(sections);
  if (bottleneck) notes.push(bottleneck);
  const overhead = emulatorOverhead(sections);
  if (overhead) notes.push(overhead);
  const queueing = publishQueueing(sections);
  if (queueing) notes.push(queueing);
  if (wasMeasured(sections.coldStart)) {
    notes.push('Cold start: "init" is the require of the bundled handler in a fresh `node` (what Lambda reports as Init Duration, without the runtime\'s own start); "first call" follows it, with a minimal event (HTTP routes get a real request; Kafka and SQS functions an empty batch). Medians of 3 fresh processes.');
  }
  if (sections.validation) notes.push('Validation alone: one thread, no I/O, warmed up first; "per CPU-second" divides by the CPU time the process used, so other processes on the machine do not lower it.');
  return notes;
}

/** What one invocation achieves in the best run, and the ceiling that puts on the pipeline with one batch per partition in flight. */
function pipelineCeiling({ pipeline, limits }: BenchResults['sections']): string | undefined {
  const best = wasMeasured(pipeline) ? bestPipelineRun(pipeline.runs) : undefined;
  if (!best || best.invocations === 0 || !Number.isFinite(best.invokeLatency.p50)) return undefined;
  const recordsPerInvocation = best.committed / best.invocations;
  const perSecond = (recordsPerInvocation * 1000) / best.invokeLatency.p50;
  const limit = wasMeasured(limits) ? ` (the limit is ${formatValue(limits.limit.rate)})` : '';
  return (
    `Pipeline, best run (batch ${best.batchSize}, ${best.consumers} consumer(s)): an invocation handled ${formatValue(recordsPerInvocation)} records in ${formatValue(best.invokeLatency.p50)} ms (p50), ` +
    `${formatValue(perSecond)} records/s each; with at most ${PARTITIONS} in flight that is a ceiling of about ${formatValue(perSecond * PARTITIONS)} invoices/s${limit}.`
  );
}

/**
 * Where the best run's time went: its rate against the stores written as the validator
 * writes them (no Kafka, Lambda or validation), and the busiest process while it ran.
 */
function pipelineBottleneck({ pipeline, limits }: BenchResults['sections']): string | undefined {
  const best = wasMeasured(pipeline) ? bestPipelineRun(pipeline.runs) : undefined;
  if (!best) return undefined;
  const parts: string[] = [];
  const writes = wasMeasured(limits) ? limits.validatorWrites : undefined;
  if (writes && writes.rate > 0) {
    const storeBusiest = (writes.cpu ?? [])[0];
    const busy = storeBusiest ? ` (${storeBusiest.part} busy ${storeBusiest.cores.toFixed(2)} cores meanwhile)` : '';
    parts.push(
      `the stores alone, written as the validator writes them, take ${formatValue(writes.rate)} invoices/s${busy}, and the best run reached ${(best.rate / writes.rate).toFixed(2)} of that`,
    );
  }
  const busiest = (best.cpu ?? [])[0];
  if (busiest) parts.push(`while it ran the busiest process was ${busiest.part}, at ${busiest.cores.toFixed(2)} cores on average`);
  if (parts.length === 0) return undefined;
  return `Pipeline bottleneck (batch ${best.batchSize}, ${best.consumers} consumer(s)): ${parts.join('; ')}.`;
}

/** How publishing holds up when many requests share one producer: the highest concurrency against one at a time. */
function publishQueueing({ ingest }: BenchResults['sections']): string | undefined {
  if (!wasMeasured(ingest)) return undefined;
  const rows = ingest.rows.filter((row) => row.path === 'in-process publisher' && row.route === 'POST /invoices' && row.latency.count > 0);
  const single = rows.find((row) => row.concurrency === 1);
  const busiest = rows.reduce<(typeof rows)[number] | undefined>((top, row) => (top === undefined || row.concurrency > top.concurrency ? row : top), undefined);
  if (!single || !busiest || busiest.concurrency === 1) return undefined;
  return (
    `Publish: one producer per container, as in Lambda; here ${busiest.concurrency} requests share it, and the publishes that arrive while a produce request is in flight leave together in the next one. ` +
    `A publish alone takes ${single.latency.p50.toFixed(1)} ms (p50); with ${busiest.concurrency} at once ${busiest.latency.p50.toFixed(1)} ms (p99 ${busiest.latency.p99.toFixed(1)} ms), ` +
    `${formatValue(busiest.requestsPerSecond)} publishes/s against ${formatValue(single.requestsPerSecond)} one at a time.`
  );
}

/** What serverless-offline adds to one request: HTTP p50 minus the in-process handler's p50, one client at a time. */
function emulatorOverhead({ ingest }: BenchResults['sections']): string | undefined {
  if (!wasMeasured(ingest)) return undefined;
  const at = (path: string) => ingest.rows.find((row) => row.path === path && row.route === 'POST /invoices' && row.concurrency === 1);
  const http = at('serverless-offline HTTP');
  const handler = at('in-process handler');
  if (!http || !handler) return undefined;
  const added = http.latency.p50 - handler.latency.p50;
  return `Ingest, one request at a time: ${http.latency.p50.toFixed(1)} ms (p50) through serverless-offline against ${handler.latency.p50.toFixed(1)} ms for the same handler in-process: the emulator's share is ${added.toFixed(1)} ms.`;
}
