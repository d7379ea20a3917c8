import { fileTimestamp, runNames } from '../../../bench/support/names';

describe('runNames', () => {
  const names = runNames(new Date('2026-11-24T13:00:00Z'), 'abcd');

  it('starts every name with bench- and the run id, never the shared names', () => {
    const all = [names.rawTopic, names.ingestTopic, names.coldStartTopic, names.storeTable, names.storeQueue, names.pipelineTopic(100, 5), names.pipelineGroup(100, 5)];

    expect(all.every((name) => name.startsWith(`${names.runId}-`) && names.runId.startsWith('bench-'))).toBe(true);
    expect(all).not.toContain('invoices');
    expect(names.pipelineGroup(100, 5)).not.toBe('invoice-validator');
  });

  it('gives each pipeline configuration its own topic and group', () => {
    expect(names.pipelineTopic(100, 1)).not.toBe(names.pipelineTopic(100, 5));
    expect(names.pipelineGroup(500, 1)).not.toBe(names.pipelineGroup(1000, 1));
  });
});

describe('fileTimestamp', () => {
  it('has no colons, so it is a file name everywhere', () => {
    expect(fileTimestamp(new Date('2026-11-24T13:05:09.123Z'))).toBe('2026-11-24T13-05-09Z');
  });
});
