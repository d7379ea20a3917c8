/**
 * The markdown summary of a run, written to be pasted as the README's Performance
 * section: the chart, the machine, the command, the limits beside our numbers, the
 * targets, and the last line.
 */
import { formatValue } from './svg-chart';
import { wasMeasured, type BenchResults, type LatencyResult, type Measured, type PipelineRun, type Throughput } from './results';

export interface MarkdownOptions {
  /** Where the chart is, relative to the README. */
  chartPath: string;
  /** Where the latency chart is, when the latency section ran. */
  latencyChartPath?: string;
}

/**
 * @example
 * writeFileSync('bench/results/latest.md', buildMarkdown(results, { chartPath: 'bench/results/latest.svg' }));
 */
export function buildMarkdown(results: BenchResults, options: MarkdownOptions): string {
  const { sections } = results;
  return [
    '## Performance',
    '',
    `![Pipeline, ingest, validation and cold start beside the limits of the broker and the stores](${options.chartPath})`,
    '',
    ...runFacts(results),
    '### Targets',
    '',
    table(['target', 'goal', 'measured', 'met'], results.targets.map((target) => [target.name, target.target, target.measured, metText(target.met)])),
    '',
    ...limitsSection(sections.limits),
    ...pipelineSection(sections.pipeline),
    ...ingestSection(sections.ingest),
    ...validationSection(sections.validation),
    ...coldStartSection(sections.coldStart),
    ...adminSection(sections.admin),
    ...latencySection(sections.latency, options.latencyChartPath),
    ...costSection(results),
    ...(results.notes.length > 0 ? ['### Notes', '', ...results.notes.map((note) => `- ${note}`), ''] : []),
    '```',
    ...(results.adminLine ? [results.adminLine] : []),
    ...(results.latencyLine ? [results.latencyLine] : []),
    ...(results.costLine ? [results.costLine] : []),
    results.finalLine,
    '```',
    '',
  ].join('\n');
}

function runFacts(results: BenchResults): string[] {
  const { machine } = results;
  const load = `${machine.loadAverage.start.toFixed(2)}${machine.loadAverage.end === undefined ? '' : ` -> ${machine.loadAverage.end.toFixed(2)}`}`;
  const bySection = Object.entries(machine.loadAverage.bySection ?? {})
    .map(([section, value]) => `${section} ${value.toFixed(2)}`)
    .join(', ');
  return [
    `${results.mode === 'quick' ? '**Quick run** (reduced sizes; not the figures to quote). ' : ''}Measured ${results.startedAt.slice(0, 16).replace('T', ' ')} UTC in ${(results.durationMs / 60_000).toFixed(1)} min with \`${results.command}\`, against the real local stack.`,
    '',
    table(
      ['machine', ''],
      [
        ['CPU', `${machine.cpus} x ${machine.cpuModel}`],
        ['memory', `${machine.memoryGiB.toFixed(1)} GiB`],
        ['OS', machine.os],
        ['Node', machine.node],
        ['Kafka', machine.kafka],
        ['kcat', machine.kcat],
        ['load average (1 min), start -> end', load],
        ...(bySection ? [['load average (1 min) as each section began', bySection]] : []),
        ['stack', results.stack.join('; ')],
      ],
    ),
    '',
  ];
}

function limitsSection(limits: BenchResults['sections']['limits']): string[] {
  if (!limits) return [];
  if (!wasMeasured(limits)) return ['### 1. Limits', '', `Not measured: ${limits.skipped}`, ''];
  const row = (name: string, measure: Measured<Throughput>, what: string) =>
    wasMeasured(measure) ? [name, formatValue(measure.rate), `${measure.items}`, seconds(measure.ms), what] : [name, 'skipped', '', '', measure.skipped];
  return [
    `### 1. Limits: the same ${limits.invoices.toLocaleString('en-US')} invoices, raw`,
    '',
    table(
      ['stage', 'items/s', 'items', 'time', 'how'],
      [
        row('broker produce', limits.brokerProduce, 'kcat -P, acks=all, same keys, values and header sizes, own 6-partition topic'),
        row('broker consume', limits.brokerConsume, 'kcat -C from the beginning to the end of every partition'),
        ...(limits.rabbitMqPublish ? [row('RabbitMQ publish', limits.rabbitMqPublish, 'PerfTest: 1 producer, persistent, publisher confirms (1,000 outstanding), the mean invoice size, own quorum queue')] : []),
        ...(limits.rabbitMqConsume ? [row('RabbitMQ consume', limits.rabbitMqConsume, 'PerfTest: 1 consumer, manual acks every 100, prefetch 1,000, until the queue is empty')] : []),
        row('DynamoDB writes', limits.dynamodb, 'BatchWriteItem, 25 per request, the valid invoices as stored'),
        row('SQS writes', limits.sqs, 'SendMessageBatch, 10 per request, the invalid invoices as sent to the invalid channel'),
        row('stores together', limits.stores, 'both loops at once: every invoice in its store, per second of wall time, after an untimed warm-up of 10,000 items'),
        ...(limits.validatorWrites
          ? [
              row(
                "stores, the validator's writes",
                limits.validatorWrites,
                `not the limit: the validator's own adapters, ${limits.validatorWrites.batchSize} records at a time, ${limits.validatorWrites.inFlight} at once, no Kafka, Lambda or validation: conditional puts of the valid ones (each way below), the invalid ones to SQS, then the outcome rows (none for a stored invoice whose ACCEPTED row names it)`,
              ),
            ]
          : []),
      ],
    ),
    '',
    `**Pipeline limit: ${formatValue(limits.limit.rate)} invoices/s** (${limits.limit.by}, the smaller of broker consume and store write).`,
    '',
    ...(limits.rabbitMqLimit ? [`**On RabbitMQ: ${formatValue(limits.rabbitMqLimit.rate)} invoices/s** (${limits.rabbitMqLimit.by}, the smaller of RabbitMQ consume and store write).`, ''] : []),
    ...writeModesTable(limits.validatorWrites?.writeModes),
  ];
}

/** The invoice write both ways, side by side: speed on this machine, and what AWS would bill for it. */
function writeModesTable(modes: NonNullable<NonNullable<Extract<BenchResults['sections']['limits'], { limit: unknown }>['validatorWrites']>['writeModes']> | undefined): string[] {
  if (!modes || modes.length === 0) return [];
  return [
    "The validator's writes with each way of writing the valid invoices (write units by AWS's formulas from the items written; DynamoDB Local's own figures for transactions are not AWS's, see docs/write-costs.md):",
    '',
    table(
      ['invoice write', 'records/s here', 'validator write units per valid invoice', 'of which the invoice', 'DynamoDB Local reported for the invoice'],
      modes.map((mode) => [mode.mode, formatValue(mode.rate), mode.awsWriteUnitsPerValid.toFixed(2), mode.awsInvoiceWriteUnitsPerValid.toFixed(2), mode.localUnitsPerValid.toFixed(2)]),
    ),
    '',
  ];
}

function pipelineSection(pipeline: BenchResults['sections']['pipeline']): string[] {
  if (!pipeline) return [];
  if (!wasMeasured(pipeline)) return ['### 2. Pipeline', '', `Not measured: ${pipeline.skipped}`, ''];
  const rows = pipeline.runs.map((run) => [
    run.transport === 'rabbitmq' ? 'RabbitMQ' : 'Kafka',
    `${run.batchSize}`,
    `${run.consumers}`,
    `${formatValue(run.rate)}${run.complete ? '' : ` (stalled at ${run.committed})`}`,
    Number.isFinite(run.ratio) ? run.ratio.toFixed(2) : 'n/a',
    seconds(run.ms),
    seconds(run.joinMs),
    `${run.invocations}${run.retries ? ` (${run.retries} retried)` : ''}`,
    `${run.invokeLatency.p50.toFixed(0)} / ${run.invokeLatency.p99.toFixed(0)}`,
    outcomesText(run.outcomes, run.expected),
  ]);
  return [
    `### 2. Pipeline: ${pipeline.invoices.toLocaleString('en-US')} invoices preloaded (90 % valid), the real validateInvoices through the local Kafka trigger${pipeline.runs.some((run) => run.transport === 'rabbitmq') ? ' and, beside it, the RabbitMQ one through the local MQ trigger (a bench quorum queue; "of limit" against RabbitMQ\'s own, PerfTest and the stores)' : ''}`,
    '',
    table(['transport', 'batch size', 'consumers', 'invoices/s', 'of limit', 'time', 'join', 'invocations', 'invoke p50 / p99 ms', 'outcomes (expected)'], rows),
    '',
    ...pipeline.failures.flatMap((failure) => [`Not measured: ${failure}`, '']),
    `Done means: ${pipeline.completion}`,
    '',
    ...pipelineCpuTable(pipeline.runs),
  ];
}

/** Which part of the stack was busy in each run: the bottleneck, in cores, beside the machine's. */
function pipelineCpuTable(runs: PipelineRun[]): string[] {
  const parts = [...new Set(runs.flatMap((run) => (run.cpu ?? []).map(({ part }) => part)))];
  if (parts.length === 0) return [];
  const rows = runs.map((run) => [
    run.transport === 'rabbitmq' ? 'RabbitMQ' : 'Kafka',
    `${run.batchSize}`,
    `${run.consumers}`,
    ...parts.map((part) => (run.cpu ?? []).find((used) => used.part === part)?.cores.toFixed(2) ?? '0.00'),
  ]);
  return [
    'CPU while each run was timed, in cores busy on average (from /proc; the machine has the cores listed above):',
    '',
    table(['transport', 'batch size', 'consumers', ...parts], rows),
    '',
  ];
}

function ingestSection(ingest: BenchResults['sections']['ingest']): string[] {
  if (!ingest) return [];
  if (!wasMeasured(ingest)) return ['### 3. Ingest', '', `Not measured: ${ingest.skipped}`, ''];
  const rows = ingest.rows.map((row) => [
    row.path,
    row.route,
    `${row.concurrency}`,
    `${row.requests}`,
    formatValue(row.requestsPerSecond),
    formatValue(row.invoicesPerSecond),
    row.latency.p50.toFixed(1),
    row.latency.p99.toFixed(1),
    row.errors ? `${row.errors} (${row.firstError ?? ''})` : '0',
  ]);
  return [
    '### 3. Ingest: POST /invoices through serverless-offline, and the same handler in-process',
    '',
    table(['path', 'route', 'concurrency', 'requests', 'req/s', 'invoices/s', 'p50 ms', 'p99 ms', 'errors'], rows),
    '',
    ...ingest.failures.flatMap((failure) => [`Not measured: ${failure}`, '']),
  ];
}

function adminSection(admin: BenchResults['sections']['admin']): string[] {
  if (!admin) return [];
  if (!wasMeasured(admin)) return ['### 6. Admin at volume', '', `Not measured: ${admin.skipped}`, ''];
  const names = { firstPage: 'first page (any status)', rareCodePage: `first page of ${admin.rareCode} (0.1 %)`, counts: 'counts', detail: 'one detail', resend: 'a resend' } as const;
  const rows = admin.levels.flatMap((level) =>
    (Object.keys(names) as Array<keyof typeof names>).map((name) => [
      String(level.entries),
      names[name],
      level.operations[name].p50.toFixed(1),
      level.operations[name].p99.toFixed(1),
      level.operations[name].max.toFixed(1),
    ]),
  );
  return [
    `### 6. Admin at volume: the quarantine preloaded, ${admin.samples} calls per operation through the real handlers on DynamoDB Local (${admin.shards} shards)`,
    '',
    table(['entries', 'operation', 'p50 ms', 'p99 ms', 'max ms'], rows),
    '',
    `Preload: ${admin.levels.map((level) => `${level.entries} in ${(level.preloadMs / 1000).toFixed(0)} s`).join(', ')}; the rare code's first page showed ${admin.levels.map((level) => `${level.rareCodeFirstPage} of ${level.rareCodeEntries}`).join(', ')}.`,
    '',
  ];
}

function validationSection(validation: BenchResults['sections']['validation']): string[] {
  if (!validation) return [];
  return [
    '### 4. Validation alone: one core, no I/O, the 90/10 mix',
    '',
    table(
      ['rule set', 'what runs', 'invoices/s', 'per CPU-second'],
      validation.map((row) => [row.ruleSet, row.description, formatValue(row.rate), formatValue(row.cpuRate)]),
    ),
    '',
  ];
}

function coldStartSection(coldStart: BenchResults['sections']['coldStart']): string[] {
  if (!coldStart) return [];
  if (!wasMeasured(coldStart)) return ['### 5. Cold start', '', `Not measured: ${coldStart.skipped}`, ''];
  return [
    `### 5. Cold start: \`osls package\` zips (packaged in ${seconds(coldStart.packageMs)}), init in a fresh \`node\``,
    '',
    table(
      ['function', 'zip kB', 'init (import) ms', 'init CPU ms', 'first call ms', 'first call', 'rounds of 3'],
      coldStart.functions.map((row) => [
        row.functionName,
        (row.zipBytes / 1000).toFixed(0),
        row.importMs.toFixed(0),
        row.importCpuMs.toFixed(0),
        row.firstCallMs.toFixed(0),
        row.firstCallOutcome,
        row.rounds === undefined ? '-' : `${row.rounds}${row.settled ? '' : ' (apart)'}`,
      ]),
    ),
    '',
    'Each figure is the median of three rounds of three probes whose import medians agree within 10 % (more rounds while they do not, up to 6), run once the stack is idle.',
    '',
  ];
}

function outcomesText(outcomes: Record<string, number>, expected: { STORED: number; INVALID: number }): string {
  const seen = Object.entries(outcomes).map(([status, count]) => `${status} ${count}`).join(', ') || 'none read';
  return `${seen} (${expected.STORED} / ${expected.INVALID})`;
}

function metText(met: boolean | undefined): string {
  if (met === undefined) return 'not measured';
  return met ? 'yes' : '**no**';
}

function seconds(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(0)} s` : `${(ms / 1000).toFixed(2)} s`;
}

/** A GitHub markdown table; pipes inside cells are escaped. */
function latencySection(latency: Measured<LatencyResult> | undefined, chartPath: string | undefined): string[] {
  if (!wasMeasured(latency)) return [];
  const ways = { http: 'ours, POST /invoices', topic: 'ours, from the topic', baseline: "seed 001's consumer" } as const;
  const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(0) : '-');
  return [
    '### Submit to outcome, open loop',
    '',
    ...(chartPath ? [`![Latency against offered load](${chartPath})`, ''] : []),
    `Invoices arrive on a schedule, ${latency.seconds} s per rate, whether or not earlier ones were answered; latency is from each one's scheduled time to its outcome (the deployment's batching window is ${latency.deployedWindowSeconds} s). "From the topic" is produced straight to \`invoices\`, so the pipeline after the API shows apart from serverless-offline's HTTP front; the seed's design is fed the same way and measured on its valid invoices.`,
    '',
    table(
      ['way in', 'window (s)', 'offered /s', 'sent /s', 'with an outcome', 'refused', 'p50 ms', 'p99 ms', 'max ms'],
      latency.runs.map((run) => [ways[run.path], run.path === 'baseline' ? '-' : String(run.windowSeconds), String(run.rate), formatValue(run.achievedRate), `${run.withOutcome}/${run.offered}`, String(run.refused), ms(run.latency.p50), ms(run.latency.p99), ms(run.latency.max)]),
    ),
    '',
  ];
}

/** The AWS bill per million invoices, ours beside the seed's design, and what each kind of invoice asks of DynamoDB. */
function costSection(results: BenchResults): string[] {
  const { bill, sections } = results;
  if (!bill || !wasMeasured(sections.cost)) return [];
  const { ours, baseline } = bill;
  const money = (dollars: number) => `$${dollars.toFixed(dollars < 1 ? 3 : 2)}`;
  const rows = ours.lines.map((line, index) => {
    const theirs = baseline?.lines[index];
    return [line.item, formatValue(line.quantityPerMillion), money(line.dollarsPerMillion), theirs ? formatValue(theirs.quantityPerMillion) : '-', theirs ? money(theirs.dollarsPerMillion) : '-'];
  });
  rows.push(['**total per million invoices**', '', `**${money(ours.dollarsPerMillion)}**`, '', baseline ? `**${money(baseline.dollarsPerMillion)}**` : '-']);
  const cost = sections.cost;
  const stageRows = (['valid', 'invalid'] as const).flatMap((kind) =>
    (['api', 'validator', 'quarantine'] as const).map((stage) => {
      const counted = cost[kind][stage];
      const per = (value: number) => (value / Math.max(cost[kind].invoices, 1)).toFixed(2);
      const requests = Object.entries(counted.requests).map(([name, count]) => `${name} ${per(count)}`).join(', ');
      return [kind, stage, per(counted.writeUnits), per(counted.readUnits), per(counted.invocations), requests || '-'];
    }),
  );
  const baselineRun = wasMeasured(sections.baseline) ? sections.baseline : undefined;
  return [
    '### Cost on AWS',
    '',
    `Per million invoices (90 % valid), on-demand us-east-1 prices of ${bill.pricesDate} (bench/pricing/aws-prices-us-east-1.json), from what the cost section counted end to end (${cost.valid.invoices} valid and ${cost.invalid.invoices} invalid invoices through the API, validator and quarantine use cases over metered clients) and the baseline section (seed 001's design${baselineRun ? `, ${formatValue(baselineRun.items)} invoices at ${formatValue(baselineRun.rate)}/s` : ''}):`,
    '',
    table(['item', 'ours: quantity', 'ours', 'baseline: quantity', 'baseline'], rows),
    '',
    `Write units end to end: ${ours.writeUnitsPerValid.toFixed(2)} per valid invoice, ${ours.writeUnitsPerInvalid.toFixed(2)} per invalid one; read units ${ours.readUnitsPerValid.toFixed(2)} and ${ours.readUnitsPerInvalid.toFixed(2)}.${bill.throughputRatio ? ` Throughput: ${bill.throughputRatio.toFixed(2)}x the baseline's (best pipeline run over the baseline, same run).` : ''}`,
    '',
    table(['invoices', 'stage', 'write units each', 'read units each', 'invocations each', 'requests each'], stageRows),
    '',
    `Fixed, whatever the volume, the same for both designs: ${bill.fixedMonthly.map((item) => `${item.item} ${money(item.dollars)}/month`).join('; ')}.`,
    '',
  ];
}

export function table(header: string[], rows: string[][]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [`| ${header.map(cell).join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join('\n');
}
