#!/usr/bin/env bash
# `npm run check:deploy`: the deployment checked offline, as CI does, with no cluster and no Docker.
#   1. helm lint, then helm template of the chart with each values file in chart/eduaid/ci/
#   2. kubernetes-validate --strict: every rendered object against the Kubernetes schemas
#   3. checkov: security rules of the rendered manifests and of the Dockerfile
# Tools come from fetch-deploy-tools.sh (cached in .cache/).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$root"

KUBERNETES_VERSION="${EDUAID_KUBERNETES_VERSION:-1.31.0}"
tools="$(bash infra/deploy/scripts/fetch-deploy-tools.sh)"
helm="$(sed -n 's/^HELM=//p' <<<"$tools")"
venv="$(sed -n 's/^VENV=//p' <<<"$tools")"
chart="infra/deploy/chart/eduaid"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# No checkov check is skipped: the CI values pin every image by digest (CKV_K8S_43) as a release
# pipeline would, secrets are mounted files (CKV_K8S_35), every object names its namespace and every
# pod has a NetworkPolicy. Add a skip here only with its reason.
skips=()

echo "== helm lint"
for values in "$chart"/ci/*.yaml; do
  "$helm" lint "$chart" --strict --kube-version "$KUBERNETES_VERSION" -f "$values" --quiet
done

echo "== helm template + kubernetes-validate --strict (Kubernetes $KUBERNETES_VERSION)"
for values in "$chart"/ci/*.yaml; do
  name="$(basename "$values" .yaml)"
  "$helm" template eduaid "$chart" --namespace eduaid --kube-version "$KUBERNETES_VERSION" -f "$values" > "$out/$name.yaml"
  echo "$name: $(grep -c '^kind:' "$out/$name.yaml") objects ($(grep '^kind:' "$out/$name.yaml" | sort | uniq -c | awk '{printf "%s %s, ", $1, $3}' | sed 's/, $//'))"
  "$venv/bin/kubernetes-validate" --strict --quiet -k "$KUBERNETES_VERSION" "$out/$name.yaml"
done

echo "== checkov: rendered manifests"
"$venv/bin/checkov" --quiet --compact --skip-download --framework kubernetes -d "$out" ${skips[@]+"${skips[@]}"}

echo "== checkov: Dockerfile"
"$venv/bin/checkov" --quiet --compact --skip-download --framework dockerfile -f infra/deploy/Dockerfile

echo "check:deploy: chart renders, every object is valid for Kubernetes $KUBERNETES_VERSION, no checkov finding"
