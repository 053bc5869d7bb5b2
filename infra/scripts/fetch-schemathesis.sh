#!/usr/bin/env bash
# Finds or installs Schemathesis (the property-based OpenAPI fuzzer the fuzz suite drives) and prints
# the path of its `schemathesis` executable. It lives in its own virtual environment in the
# git-ignored .cache/schemathesis-<version>/, so the project's Python (if any) is left alone and a
# second run is instant.
#
# Order: $SCHEMATHESIS_CLI (a ready executable), the cached venv, then `pip install` from PyPI.
# Usage: fetch-schemathesis.sh     prints the path on stdout; progress goes to stderr
set -euo pipefail

# Pinned: the suite relies on this version's CLI (check names, --mode, --seed, exit codes).
SCHEMATHESIS_VERSION="4.32.5"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="${EDUAID_CACHE_DIR:-$root/.cache}/schemathesis-$SCHEMATHESIS_VERSION"

log() { echo "fetch-schemathesis: $*" >&2; }

if [ -n "${SCHEMATHESIS_CLI:-}" ]; then
  [ -x "$SCHEMATHESIS_CLI" ] || { log "SCHEMATHESIS_CLI=$SCHEMATHESIS_CLI is not an executable file"; exit 1; }
  echo "$SCHEMATHESIS_CLI"; exit 0
fi
if [ -f "$venv/.complete" ] && [ -x "$venv/bin/schemathesis" ]; then
  echo "$venv/bin/schemathesis"; exit 0
fi

# shellcheck source=infra/scripts/python-venv.sh
source "$root/infra/scripts/python-venv.sh"
PYTHON_VENV_HINT="or set SCHEMATHESIS_CLI" install_python_venv "$venv" fetch-schemathesis "schemathesis==$SCHEMATHESIS_VERSION"
log "$("$venv/bin/schemathesis" --version)"
echo "$venv/bin/schemathesis"
