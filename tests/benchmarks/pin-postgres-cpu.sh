#!/bin/bash
# Keeps every PostgreSQL process of this machine on one CPU (default 0) until stopped, so that a
# benchmark run under `taskset -c 1 …` measures the database with a core of its own, as a
# deployment with the database on its own machine would, instead of competing with the students
# service, the workflow worker, the bank sandbox and Temporal on two shared cores. Backends forked
# later inherit the postmaster's CPU; the loop also catches any started before.
#
#   tests/benchmarks/pin-postgres-cpu.sh 0 &  PIN=$!
#   CYCLE_SIZES=10000,100000,766000 taskset -c 1 npm run bench:cycle
#   kill $PIN
set -u
cpu="${1:-0}"
command -v taskset >/dev/null || { echo "taskset (util-linux) is needed" >&2; exit 1; }
while true; do
  for pid in $(pgrep -x postgres); do taskset -a -p -c "$cpu" "$pid" >/dev/null 2>&1; done
  sleep 0.3
done
