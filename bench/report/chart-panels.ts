/**
 * Which figures of a run the chart shows: the pipeline beside the limits it runs
 * against, ingest throughput and latency, validation alone and init times.
 */
import { wasMeasured, type BenchResults } from './results';
import type { ChartBar, ChartPanel } from './svg-chart';

export function chartPanels(sections: BenchResults['sections']): ChartPanel[] {
  return [pipelinePanel(sections), ...ingestPanels(sections), validationPanel(sections), coldStartPanel(sections)].filter(
    (panel): panel is ChartPanel => panel !== undefined && panel.bars.length > 0,
  );
}

function pipelinePanel({ limits, pipeline }: BenchResults['sections']): ChartPanel | undefined {
  const bars: ChartBar[] = [];
  if (wasMeasured(limits)) {
    const rateOf = (measure: typeof limits.brokerProduce) => (wasMeasured(measure) ? measure.rate : Number.NaN);
    bars.push(
      { label: 'limit: broker produce (kcat)', value: rateOf(limits.brokerProduce), kind: 'limit' },
      { label: 'limit: broker consume (kcat)', value: rateOf(limits.brokerConsume), kind: 'limit' },
      { label: 'limit: stores, raw batched writes', value: limits.stores.rate, kind: 'limit' },
    );
  }
  if (wasMeasured(pipeline)) {
    for (const run of pipeline.runs) {
      bars.push({ label: `pipeline: batch ${run.batchSize}, ${run.consumers} consumer(s)${run.complete ? '' : ' (incomplete)'}`, value: run.rate, kind: 'ours' });
    }
  }
  return { title: 'Pipeline beside its limits', unit: 'invoices/s', bars };
}

function ingestPanels({ ingest }: BenchResults['sections']): ChartPanel[] {
  if (!wasMeasured(ingest)) return [];
  const single = ingest.rows.filter((row) => row.route === 'POST /invoices');
  const label = (row: (typeof ingest.rows)[number]) => `${row.path}, c=${row.concurrency}`;
  return [
    {
      title: 'POST /invoices throughput',
      unit: 'requests/s',
      bars: single.map((row) => ({ label: label(row), value: row.requestsPerSecond, kind: row.path === 'serverless-offline HTTP' ? 'limit' : 'ours' })),
    },
    {
      title: 'POST /invoices p99 latency, lower is better',
      unit: 'ms',
      bars: single.map((row) => ({ label: label(row), value: row.latency.p99, kind: row.path === 'serverless-offline HTTP' ? 'limit' : 'ours' })),
    },
  ];
}

function validationPanel({ validation }: BenchResults['sections']): ChartPanel | undefined {
  if (!validation) return undefined;
  return { title: 'Validation alone, one core', unit: 'invoices/s', bars: validation.map((row) => ({ label: row.ruleSet, value: row.rate, kind: 'ours' })) };
}

function coldStartPanel({ coldStart }: BenchResults['sections']): ChartPanel | undefined {
  if (!wasMeasured(coldStart)) return undefined;
  return {
    title: 'Init: import of the bundle in a fresh node, CPU time',
    unit: 'ms',
    bars: coldStart.functions.map((row) => ({ label: row.functionName, value: row.importCpuMs, kind: 'ours' })),
  };
}
