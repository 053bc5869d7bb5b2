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

python=""
for candidate in python3 python; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 9))' 2>/dev/null; then
    python="$candidate"; break
  fi
done
[ -n "$python" ] || { log "Schemathesis needs Python 3.9+ with venv and pip; none found (or set SCHEMATHESIS_CLI)"; exit 1; }

log "installing schemathesis $SCHEMATHESIS_VERSION from PyPI into $venv"
# Built in place (a venv's scripts name their interpreter by absolute path); the marker file says
# the install finished, so a half-made venv from an interrupted run is made again.
rm -rf "$venv"
"$python" -m venv "$venv" >&2 || { log "'$python -m venv' failed (on Debian: apt-get install python3-venv)"; exit 1; }
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" >&2 \
  || { log "pip install schemathesis==$SCHEMATHESIS_VERSION failed (is PyPI reachable?)"; rm -rf "$venv"; exit 1; }
touch "$venv/.complete"
log "$("$venv/bin/schemathesis" --version)"
echo "$venv/bin/schemathesis"
