/**
 * Runs in a fresh `node` process, plain CommonJS (no tsx, no loader: nothing but the
 * bundle is timed). Times the require of one function's bundled handler (Lambda's init)
 * and then its first invocation with the event in BENCH_PROBE_EVENT, and prints one JSON
 * line. Exits at once after: a warm producer or socket must not keep it alive.
 *
 *   node init-probe.cjs <bundle.js> <exportName>
 */
const { performance } = require('node:perf_hooks');

async function main() {
  const [file, exportName] = process.argv.slice(2);
  const event = JSON.parse(process.env.BENCH_PROBE_EVENT || '{}');
  const context = { awsRequestId: 'bench-cold-start', functionName: 'bench', getRemainingTimeInMillis: () => 30000, callbackWaitsForEmptyEventLoop: false };
  const importStarted = performance.now();
  const cpuBefore = process.cpuUsage();
  const handler = require(file)[exportName];
  const importMs = performance.now() - importStarted;
  const cpu = process.cpuUsage(cpuBefore);
  // CPU time too: on a shared machine the wall time also counts waiting for a core.
  const importCpuMs = (cpu.user + cpu.system) / 1000;
  const callStarted = performance.now();
  let outcome;
  let body;
  try {
    const result = await handler(event, context);
    outcome = result && typeof result.statusCode === 'number' ? `HTTP ${result.statusCode}` : 'returned';
    body = result && typeof result.body === 'string' ? result.body : undefined;
  } catch (error) {
    outcome = `threw: ${String((error && error.message) || error).slice(0, 160)}`;
  }
  const firstCallMs = performance.now() - callStarted;
  process.stdout.write(`${JSON.stringify({ importMs, importCpuMs, firstCallMs, outcome, body })}\n`, () => process.exit(0));
}

main().catch((error) => {
  process.stdout.write(`${JSON.stringify({ importMs: NaN, importCpuMs: NaN, firstCallMs: NaN, outcome: `probe failed: ${error && error.message}` })}\n`, () => process.exit(0));
});
