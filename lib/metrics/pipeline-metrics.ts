/**
 * The pipeline's counts as CloudWatch metrics, with Powertools Metrics: each invocation's
 * counts leave as one embedded-metric-format (EMF) log line, which CloudWatch turns into
 * metrics when deployed; locally it is just a log line. Names and the namespace come from
 * lib/resources.json, where the deployed alarms read them too. The handlers call these with
 * the outcomes the use cases return, as they call the log lines (lib/logging/message-lines.ts).
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import { getConfig } from '../config';
import { primaryCategory } from '../domain/reasons';
import { INFRASTRUCTURE } from '../infrastructure';
import type { MessageOutcome } from '../ports/message-log';
import type { DeliveryOutcome } from '../use-cases/quarantine-invalid';
import type { BatchResult } from '../use-cases/validate-invoice-batch';

const { namespace, names } = INFRASTRUCTURE.metrics;

type Unit = (typeof MetricUnit)[keyof typeof MetricUnit];

/** What the counting needs of Powertools' Metrics, which fits it as it is (tests pass a recording one). */
export interface PipelineMetrics {
  addMetric(name: string, unit: Unit, value: number): unknown;
  singleMetric(): { addDimensions(dimensions: Record<string, string>): unknown; addMetric(name: string, unit: Unit, value: number): unknown };
  hasStoredMetrics(): boolean;
  publishStoredMetrics(): unknown;
}

/** The container's metrics: dimensions service and stage on every one. */
export function pipelineMetrics(): Metrics {
  const config = getConfig();
  return new Metrics({ namespace, serviceName: config.SERVICE_NAME, defaultDimensions: { stage: config.STAGE } });
}

/** Invoices the API put on the topic. */
export function countAccepted(metrics: PipelineMetrics, accepted: number): void {
  if (accepted > 0) metrics.addMetric(names.accepted, MetricUnit.Count, accepted);
}

/** The validator's settled records: stored, duplicate, and invalid (in all, and by primary category). */
export function countValidatorOutcomes(metrics: PipelineMetrics, { settled }: BatchResult): void {
  const stored = settled.filter((outcome) => outcome.status === 'STORED').length;
  const duplicate = settled.filter((outcome) => outcome.status === 'DUPLICATE').length;
  if (stored > 0) metrics.addMetric(names.stored, MetricUnit.Count, stored);
  if (duplicate > 0) metrics.addMetric(names.duplicate, MetricUnit.Count, duplicate);
  countInvalidByCategory(metrics, settled.filter((outcome) => outcome.status === 'INVALID'));
}

/** Records the event source mapping gave up on, now settled into the invalid channel. */
export function countProcessingFailed(metrics: PipelineMetrics, outcomes: MessageOutcome[]): void {
  const failed = outcomes.filter((outcome) => outcome.reasons?.some((item) => item.code === 'PROCESSING_FAILED')).length;
  if (failed > 0) metrics.addMetric(names.processingFailed, MetricUnit.Count, failed);
}

/** Invalid invoices newly in the quarantine (a redelivered one already there is not counted again). */
export function countQuarantined(metrics: PipelineMetrics, outcomes: DeliveryOutcome[]): void {
  const quarantined = outcomes.filter((outcome) => outcome.outcome === 'QUARANTINED').length;
  if (quarantined > 0) metrics.addMetric(names.quarantined, MetricUnit.Count, quarantined);
}

/** A quarantined invoice an admin sent again. */
export function countResent(metrics: PipelineMetrics): void {
  metrics.addMetric(names.resent, MetricUnit.Count, 1);
}

/**
 * Publishes what the invocation counted, after it and when it fails. Powertools' own
 * logMetrics middleware warns on every invocation that counted nothing (a 404, a quiet
 * batch); this publishes only when there is something to publish.
 */
export function publishMetrics(metrics: PipelineMetrics): MiddlewareObj {
  const publish = () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return { after: publish, onError: publish };
}

function countInvalidByCategory(metrics: PipelineMetrics, invalid: MessageOutcome[]): void {
  if (invalid.length === 0) return;
  // The total, by service and stage only, is what the deployed alarms read.
  metrics.addMetric(names.invalid, MetricUnit.Count, invalid.length);
  const byCategory = new Map<string, number>();
  for (const outcome of invalid) {
    const category = primaryCategory(outcome.reasons ?? []);
    byCategory.set(category, (byCategory.get(category) ?? 0) + 1);
  }
  for (const [category, count] of byCategory) {
    // A metric of its own, published at once, with the category as one more dimension.
    const single = metrics.singleMetric();
    single.addDimensions({ category });
    single.addMetric(names.invalid, MetricUnit.Count, count);
  }
}
