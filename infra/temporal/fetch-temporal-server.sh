#!/usr/bin/env bash
# Builds (once) the Temporal server a cluster runs, its SQL schema tool, and keeps the PostgreSQL
# schemas that ship in the server's Go module source, all under .cache/temporal-server/<version>/:
#   temporal-server   `temporal-server --config-file … start --service frontend|history|matching|worker`
#   temporal-sql-tool create-database, setup-schema, update-schema
#   schema/           the module's schema/postgresql/v12 (temporal/ and visibility/, with versioned/)
#   config/           the module's config/ (development-postgres12.yaml is the template of ours)
# and prints that folder. A second run finds everything there and returns at once.
#
# The build is `GOTOOLCHAIN=auto go install go.temporal.io/server/cmd/server@<version>` (and
# cmd/tools/sql): the module asks for a newer Go than the machine may have, and GOTOOLCHAIN=auto
# fetches that toolchain through the Go module proxy. It takes minutes on two cores the first time;
# GOPATH and GOCACHE are Go's defaults (or yours), so a fresh clone on a warm machine only links.
#
# Usage: fetch-temporal-server.sh          build when missing, print the folder
# Env:   EDUAID_TEMPORAL_SERVER_DIR        a folder that already holds the four entries above (skip the build)
#        EDUAID_CACHE_DIR                  the cache folder (default <repo>/.cache)
set -euo pipefail

# Pinned: the server version the cluster tests and figures were made with.
TEMPORAL_SERVER_VERSION="v1.32.2"
MODULE="go.temporal.io/server"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
log() { echo "fetch-temporal-server: $*" >&2; }

complete() { # <dir>: true when the folder holds all the script provides
  local dir="$1"
  [ -x "$dir/temporal-server" ] && [ -x "$dir/temporal-sql-tool" ] \
    && [ -d "$dir/schema/temporal/versioned" ] && [ -d "$dir/schema/visibility/versioned" ] \
    && [ -f "$dir/config/development-postgres12.yaml" ]
}

if [ -n "${EDUAID_TEMPORAL_SERVER_DIR:-}" ]; then
  complete "$EDUAID_TEMPORAL_SERVER_DIR" || { log "EDUAID_TEMPORAL_SERVER_DIR=$EDUAID_TEMPORAL_SERVER_DIR lacks temporal-server, temporal-sql-tool, schema/ or config/"; exit 1; }
  echo "$EDUAID_TEMPORAL_SERVER_DIR"; exit 0
fi

dest="${EDUAID_CACHE_DIR:-$root/.cache}/temporal-server/$TEMPORAL_SERVER_VERSION"
if complete "$dest"; then echo "$dest"; exit 0; fi

command -v go >/dev/null 2>&1 || { log "Go is needed to build the Temporal server (install Go 1.21+; GOTOOLCHAIN=auto fetches the newer one the module asks for)"; exit 1; }

mkdir -p "$dest"
# One build at a time (two test runs starting together on a cold machine would build twice).
exec 9>"$dest.lock"
flock 9
if complete "$dest"; then echo "$dest"; exit 0; fi

export GOTOOLCHAIN=auto
started=$(date +%s)
staging="$(mktemp -d "$dest.build.XXXXXX")"
trap 'rm -rf "$staging"' EXIT
log "building the Temporal server $TEMPORAL_SERVER_VERSION and its SQL tool with go install (a few minutes the first time)"
GOBIN="$staging" go install "$MODULE/cmd/server@$TEMPORAL_SERVER_VERSION" "$MODULE/cmd/tools/sql@$TEMPORAL_SERVER_VERSION" >&2
# The module's source (schemas, sample configs): go install downloaded it into the module cache.
src="$(go mod download -json "$MODULE@$TEMPORAL_SERVER_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[ -d "$src/schema/postgresql/v12" ] || { log "the module source has no schema/postgresql/v12 (looked in '$src')"; exit 1; }

rm -rf "$dest/schema" "$dest/config"
cp -R "$src/schema/postgresql/v12" "$dest/schema"
cp -R "$src/config" "$dest/config"
chmod -R u+w "$dest/schema" "$dest/config"   # the module cache is read-only
mv -f "$staging/server" "$dest/temporal-server"
mv -f "$staging/sql" "$dest/temporal-sql-tool"
log "built in $(( $(date +%s) - started )) s into $dest"
echo "$dest"
