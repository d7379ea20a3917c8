/**
 * Prints one plain closing line, "tests: N passed, N failed, N skipped", after Jest's own
 * summary, so CI and scripts can read the outcome without parsing Jest's format.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    process.stdout.write(`tests: ${results.numPassedTests} passed, ${failed} failed, ${results.numPendingTests} skipped\n`);
  }
}
module.exports = SummaryReporter;
