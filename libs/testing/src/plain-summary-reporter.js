// Prints the run's totals as one plain line ("tests: N passed, N failed, N skipped") after jest's
// own summary, so tools that read only a closing line see what ran.
class PlainSummaryReporter {
  onRunComplete(_contexts, results) {
    const line = `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped`;
    process.stdout.write(`\n${line}\n`);
    // .ci/run repeats it as its very last line.
    if (process.env.EDUAID_TEST_SUMMARY_FILE) require('node:fs').writeFileSync(process.env.EDUAID_TEST_SUMMARY_FILE, `${line}\n`);
  }
}
module.exports = PlainSummaryReporter;
