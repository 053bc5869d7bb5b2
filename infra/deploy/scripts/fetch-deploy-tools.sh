#!/usr/bin/env bash
# Finds or installs the offline deployment checkers and prints `HELM=<path>` and `VENV=<path>`:
#   - helm (a Go module: built with `go install`, GOTOOLCHAIN=auto fetches the Go it asks for)
#   - kubernetes-validate (carries the Kubernetes JSON schemas) and checkov (security rules for
#     manifests and Dockerfiles), from PyPI into a virtual environment
# Both are cached in the git-ignored .cache/, so a second run is instant.
# Order for helm: $HELM (a ready executable), helm on PATH at the pinned version, the cache, go install.
set -euo pipefail

HELM_VERSION="v3.19.0"
KUBERNETES_VALIDATE_VERSION="1.37.0"
CHECKOV_VERSION="3.3.30"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cache="${EDUAID_CACHE_DIR:-$root/.cache}"
log() { echo "fetch-deploy-tools: $*" >&2; }

helm_bin=""
if [ -n "${HELM:-}" ]; then
  [ -x "$HELM" ] || { log "HELM=$HELM is not an executable file"; exit 1; }
  helm_bin="$HELM"
elif [ -x "$cache/helm-$HELM_VERSION/bin/helm" ]; then
  helm_bin="$cache/helm-$HELM_VERSION/bin/helm"
else
  command -v go >/dev/null 2>&1 || { log "helm is built with Go (go install helm.sh/helm/v3/cmd/helm@$HELM_VERSION); no go found (or set HELM)"; exit 1; }
  log "building helm $HELM_VERSION with go install (a few minutes, once)"
  mkdir -p "$cache/helm-$HELM_VERSION/bin"
  GOTOOLCHAIN=auto GOBIN="$cache/helm-$HELM_VERSION/bin" GOFLAGS=-mod=mod go install "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" >&2 \
    || { log "go install helm.sh/helm/v3/cmd/helm@$HELM_VERSION failed (is the Go module proxy reachable?)"; rm -rf "$cache/helm-$HELM_VERSION"; exit 1; }
  helm_bin="$cache/helm-$HELM_VERSION/bin/helm"
fi

venv="$cache/deploy-check-k$KUBERNETES_VALIDATE_VERSION-c$CHECKOV_VERSION"
if ! { [ -f "$venv/.complete" ] && [ -x "$venv/bin/kubernetes-validate" ] && [ -x "$venv/bin/checkov" ]; }; then
  # shellcheck source=infra/scripts/python-venv.sh
  source "$root/infra/scripts/python-venv.sh"
  install_python_venv "$venv" fetch-deploy-tools \
    "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION" "checkov==$CHECKOV_VERSION"
fi
echo "HELM=$helm_bin"
echo "VENV=$venv"
