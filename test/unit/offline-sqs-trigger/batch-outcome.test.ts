import { decideDeletions } from '../../../localstack/offline-sqs-trigger/batch-outcome';

const batch = ['m-1', 'm-2', 'm-3'];

describe('decideDeletions', () => {
  it.each([
    ['undefined', undefined],
    ['null', null],
    ['an empty object', {}],
    ['an empty list', { batchItemFailures: [] }],
    ['a null list', { batchItemFailures: null }],
  ])('deletes the whole batch when the function reports nothing failed (%s)', (_case, payload) => {
    const decision = decideDeletions(batch, { ok: true, payload }, true);

    expect(decision).toEqual({ toDelete: batch, failed: [], outcome: 'ok' });
  });

  it('deletes every message but the reported ones on a partial failure', () => {
    // Prepare
    const payload = { batchItemFailures: [{ itemIdentifier: 'm-2' }] };

    // Act
    const decision = decideDeletions(batch, { ok: true, payload }, true);

    // Assess
    expect(decision).toEqual({ toDelete: ['m-1', 'm-3'], failed: ['m-2'], outcome: 'partial' });
  });

  it.each([
    ['an itemIdentifier that is not in the batch', { batchItemFailures: [{ itemIdentifier: 'm-2' }, { itemIdentifier: 'other' }] }],
    ['an empty itemIdentifier', { batchItemFailures: [{ itemIdentifier: '' }] }],
    ['a null itemIdentifier', { batchItemFailures: [{ itemIdentifier: null }] }],
    ['a misspelt key', { batchItemFailures: [{ itemIdentifer: 'm-2' }] }],
    ['a list that is not a list', { batchItemFailures: 'm-2' }],
    ['a response that is not JSON', 'not json'],
  ])('keeps the whole batch when the response has %s', (_case, payload) => {
    const decision = decideDeletions(batch, { ok: true, payload }, true);

    expect(decision).toMatchObject({ toDelete: [], failed: batch, outcome: 'error', reason: expect.stringContaining('invalid batch response') });
  });

  it('keeps the whole batch when the function fails', () => {
    const decision = decideDeletions(batch, { ok: false, error: new Error('store unavailable') }, true);

    expect(decision).toEqual({ toDelete: [], failed: batch, outcome: 'error', reason: 'store unavailable' });
  });

  it('ignores batchItemFailures and deletes all when the mapping does not report batch item failures', () => {
    const payload = { batchItemFailures: [{ itemIdentifier: 'm-2' }] };

    const decision = decideDeletions(batch, { ok: true, payload }, false);

    expect(decision).toEqual({ toDelete: batch, failed: [], outcome: 'ok' });
  });

  it('keeps the whole batch on a function error even without ReportBatchItemFailures', () => {
    const decision = decideDeletions(batch, { ok: false, error: new Error('timeout') }, false);

    expect(decision.toDelete).toEqual([]);
  });
});
