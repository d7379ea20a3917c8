/**
 * The Postman collection in docs/postman runs green against the local API: newman runs it
 * with the local environment, and any failing assertion or script error fails this test
 * with the request and assertion names. The run's JSON report goes to test-results/.
 */
import path from 'node:path';
import { LOCAL_API_URL } from '../../localstack/local-env';

const POSTMAN_DIR = path.join(__dirname, '../../docs/postman');
const REPORT_FILE = path.join(__dirname, '../../test-results/postman-local.json');

/** The part of newman's run summary this test reads (newman ships no type declarations). */
interface NewmanSummary {
  run: {
    stats: { assertions: { total: number; failed: number } };
    failures: Array<{ at: string; source?: { name?: string }; error: { name: string; message: string; test?: string } }>;
    error?: Error | null;
  };
}

interface Newman {
  run(options: Record<string, unknown>, callback: (error: Error | null, summary: NewmanSummary) => void): unknown;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const newman = require('newman') as Newman;

function runCollection(): Promise<NewmanSummary> {
  return new Promise((resolve, reject) => {
    newman.run(
      {
        collection: path.join(POSTMAN_DIR, 'invoice-pipeline.postman_collection.json'),
        environment: path.join(POSTMAN_DIR, 'local.postman_environment.json'),
        envVar: [{ key: 'baseUrl', value: LOCAL_API_URL }],
        reporters: ['json'],
        reporter: { json: { export: REPORT_FILE } },
        timeoutRequest: 30_000,
      },
      (error, summary) => (error ? reject(error) : resolve(summary)),
    );
  });
}

/** "Request name › assertion: message", or the script error and where it happened. */
function describeFailure(failure: NewmanSummary['run']['failures'][number]): string {
  const request = failure.source?.name ?? '(collection)';
  const what = failure.error.test ?? `${failure.error.name} in ${failure.at}`;
  return `${request} › ${what}: ${failure.error.message}`;
}

describe('docs/postman/invoice-pipeline.postman_collection.json', () => {
  it('passes every assertion against the local API', async () => {
    const summary = await runCollection();

    expect(summary.run.error ?? undefined).toBeUndefined();
    expect(summary.run.failures.map(describeFailure)).toEqual([]);
    expect(summary.run.stats.assertions.total).toBeGreaterThanOrEqual(12);
  }, 120_000);
});
