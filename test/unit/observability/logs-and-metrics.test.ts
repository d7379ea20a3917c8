/**
 * What a handler writes besides its answer, with the real Powertools Logger and Metrics:
 * Lambda's context on every log line, no key carried from one invocation into the next, and
 * the pipeline's counts as one embedded-metric-format line that CloudWatch reads as metrics.
 */
import type { Context } from 'aws-lambda';
import { createSubmitInvoiceHandler } from '../../../handlers/http/submit-invoice';
import { countValidatorOutcomes, pipelineMetrics, publishMetrics } from '../../../lib/metrics/pipeline-metrics';
import { log } from '../../../lib/observability';
import { reason } from '../../../lib/domain/reasons';
import type { BatchResult, RecordOutcome } from '../../../lib/use-cases/validate-invoice-batch';
import { ADMIN_CALLER, DEMO_CALLER, apiGatewayEvent, authorizedContext } from '../../helpers/api-gateway-event';
import { InMemoryMessageLog, RecordingPublisher } from '../../helpers/in-memory-ports';
import { incomingRecord } from '../../helpers/records';

/** Every JSON line the process writes to stdout while `work` runs. */
async function linesWrittenBy(work: () => Promise<unknown>): Promise<Array<Record<string, unknown>>> {
  const written: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(chunk.toString());
    return true;
  });
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return written.flatMap((text) => text.split('\n')).filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
}

function context(requestId: string): Context {
  return { awsRequestId: requestId, functionName: 'invoice-pipeline-local-submitInvoice', functionVersion: '$LATEST', invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:submit', memoryLimitInMB: '256', getRemainingTimeInMillis: () => 30_000 } as unknown as Context;
}

describe('log lines (Powertools Logger, injectLambdaContext with resetKeys)', () => {
  const metrics = pipelineMetrics();
  const handler = createSubmitInvoiceHandler({ publisher: new RecordingPublisher(), messageLog: new InMemoryMessageLog(), newMessageId: () => crypto.randomUUID(), now: () => new Date(), log, metrics });
  const post = (headers: Record<string, string>, requestId: string) =>
    handler(apiGatewayEvent({ headers: { 'Content-Type': 'application/json', ...headers }, body: '{"invoiceNumber":"F-1"}', requestContext: authorizedContext(DEMO_CALLER) }), context(requestId));

  it('carry the request id, the cold start and the correlation id of their own invocation only', async () => {
    // Act
    const first = await linesWrittenBy(() => post({ 'X-Correlation-Id': 'trace-first' }, 'request-1'));
    const second = await linesWrittenBy(() => post({}, 'request-2'));

    // Assess
    const sentFirst = first.find((line) => line.message === 'message sent');
    const sentSecond = second.find((line) => line.message === 'message sent');
    expect(sentFirst).toMatchObject({ function_request_id: 'request-1', cold_start: true, correlation_id: 'trace-first' });
    expect(sentSecond).toMatchObject({ function_request_id: 'request-2', cold_start: false });
    expect(sentSecond?.correlation_id).toEqual(expect.any(String));
    expect(sentSecond?.correlation_id).not.toBe('trace-first');
  });

  it('come with one EMF line per invocation that counts the accepted invoice, in the pipeline namespace, by service and stage', async () => {
    const lines = await linesWrittenBy(() => post({}, 'request-3'));

    const emf = lines.find((line) => '_aws' in line) as { _aws: { CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string }> }> }; InvoicesAccepted?: number; service?: string; stage?: string } | undefined;
    expect(emf?._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'InvoicePipeline', Metrics: [{ Name: 'InvoicesAccepted', Unit: 'Count' }] });
    expect(emf?._aws.CloudWatchMetrics[0]?.Dimensions[0]).toEqual(expect.arrayContaining(['service', 'stage']));
    expect(emf).toMatchObject({ InvoicesAccepted: 1, service: 'invoice-pipeline', stage: 'local' });
  });
});

describe('the validator\'s counts (Powertools Metrics)', () => {
  function outcome(status: RecordOutcome['status'], reasons?: RecordOutcome['reasons']): RecordOutcome {
    return { messageId: crypto.randomUUID(), correlationId: 'c', status, processedAt: '2026-12-01T10:00:00.000Z', record: incomingRecord('{}'), ...(reasons ? { reasons } : {}) } as RecordOutcome;
  }

  it('count stored and duplicate invoices, and invalid ones by their primary category, each category a metric of its own', async () => {
    // Prepare
    const metrics = pipelineMetrics();
    const result: BatchResult = {
      settled: [
        outcome('STORED'),
        outcome('STORED'),
        outcome('DUPLICATE'),
        outcome('INVALID', [reason('MISSING_FIELD', '/currency', 'missing')]),
        outcome('INVALID', [reason('OUT_OF_RANGE', '/lines/0/quantity', 'too big'), reason('MISSING_FIELD', '/customer', 'missing')]),
        outcome('INVALID', [reason('TOTALS_MISMATCH', '/totals/gross', 'wrong')]),
      ],
      unsettled: [],
    };

    // Act
    const lines = await linesWrittenBy(async () => {
      countValidatorOutcomes(metrics, result);
      await Promise.resolve(publishMetrics(metrics).after?.({} as never));
    });

    // Assess
    const emf = lines.filter((line) => '_aws' in line);
    const byCategory = Object.fromEntries(emf.filter((line) => 'category' in line).map((line) => [line.category, line.InvoicesInvalid]));
    expect(byCategory).toEqual({ STRUCTURE: 2, DATA: 1 });
    // The invocation's own line: the totals by service and stage, which the deployed alarms read.
    expect(emf.find((line) => 'InvoicesStored' in line)).toMatchObject({ InvoicesStored: 2, InvoicesDuplicate: 1, InvoicesInvalid: 3 });
    expect(emf.find((line) => 'InvoicesStored' in line)).not.toHaveProperty('category');
  });

  it('publish nothing, and warn of nothing, for an invocation that counted nothing', async () => {
    const metrics = pipelineMetrics();

    const lines = await linesWrittenBy(async () => {
      countValidatorOutcomes(metrics, { settled: [], unsettled: [] });
      await Promise.resolve(publishMetrics(metrics).after?.({} as never));
    });

    expect(lines).toEqual([]);
  });
});

describe('log lines of one caller after another (the caller check appends who called)', () => {
  const handler = createSubmitInvoiceHandler({ publisher: new RecordingPublisher(), messageLog: new InMemoryMessageLog(), newMessageId: () => crypto.randomUUID(), now: () => new Date(), log, metrics: pipelineMetrics() });
  const postAs = (caller: Parameters<typeof authorizedContext>[0]) =>
    handler(apiGatewayEvent({ headers: { 'Content-Type': 'application/json' }, body: '{"invoiceNumber":"F-1"}', requestContext: authorizedContext(caller) }), context('r'));

  it('name the caller of their own invocation only', async () => {
    const asClient = await linesWrittenBy(() => postAs(DEMO_CALLER));
    const asAdmin = await linesWrittenBy(() => postAs(ADMIN_CALLER));

    expect(asClient.find((line) => line.message === 'message sent')).toMatchObject({ clientId: 'demo' });
    const adminLine = asAdmin.find((line) => line.message === 'message sent');
    expect(adminLine).toHaveProperty('admin');
    expect(adminLine).not.toHaveProperty('clientId');
  });
});
