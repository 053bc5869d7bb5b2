#!/usr/bin/env bash
# npm test [jest args]: every unit spec, workflow spec and end-to-end suite, against a real PostgreSQL
# and Temporal started by jest's global setup.
#
# The job-assistance workflow spec runs in a jest process of its own: sharing one with the other
# suites, its time-skipping workers hung in Worker.create (seen with the authorization matrix in the
# same run; alone, or beside small specs, it passes in seconds). The cause is not found yet; until it
# is, the spec still runs on every `npm test`, just not in the same process.
# With arguments (`npm test -- tests/e2e/casework.e2e-spec.ts`), jest runs just those, in one process.
set -uo pipefail
cd "$(dirname "$0")/../.."
if [ "$#" -gt 0 ]; then exec npx jest --runInBand "$@"; fi

ISOLATED='workflows/src/job-assistance/'
npx jest --runInBand --testPathIgnorePatterns /node_modules/ "/$ISOLATED"
first=$?
# The second run adds its totals to the first's closing line (EDUAID_TEST_SUMMARY_FILE).
EDUAID_TEST_SUMMARY_ADD=1 npx jest --runInBand "$ISOLATED"
second=$?
[ "$first" -eq 0 ] && [ "$second" -eq 0 ]
