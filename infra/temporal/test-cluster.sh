#!/usr/bin/env bash
# npm run test:cluster [jest args]: the end-to-end suites (aid applications, casework, roster import,
# payment cycles, wiring) and the replica suite against the Temporal server a cluster runs: frontend,
# history, matching and worker as four processes, persistence and visibility on the embedded
# PostgreSQL (see infra/local/temporal-cluster.ts). The server is built once into .cache/; the
# replica suite runs the services and the workflow worker from dist/, so the build comes first.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash infra/temporal/fetch-temporal-server.sh >/dev/null
npm run build
EDUAID_TEMPORAL=cluster exec npx jest --runInBand -c jest.cluster.config.js "$@"
