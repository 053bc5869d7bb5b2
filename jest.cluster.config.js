// `npm run test:cluster`: the end-to-end suites and the replica suite against the Temporal server a
// cluster runs (frontend, history, matching and worker as four processes on PostgreSQL), which the
// global setup starts when EDUAID_TEMPORAL=cluster and TEMPORAL_ADDRESS is not set.
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testRegex: [
    'tests/e2e/(aid-application|aid-application-records|casework|roster-import|payment-cycle|wiring-check)\\.e2e-spec\\.ts$',
    'tests/cluster/.*\\.cluster-spec\\.ts$',
  ],
};
