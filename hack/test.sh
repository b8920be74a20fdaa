#!/usr/bin/env bash
# Runs every test of Vigil on this machine, preparing it first (once per machine, cached after):
#   - the Debian packages the bundled FFmpeg binary and the test media need (hack/system-packages.sh),
#   - a real kube-apiserver + etcd for the API-server tests, built from Go modules (hack/kube-testenv.sh,
#     about 16 min the first time).
# Then `./mvnw -B verify` with any arguments given, and a summary of the test reports.
#   VIGIL_SKIP_KUBE_API=true   do not build the API server (its tests skip)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash hack/system-packages.sh
if [ "${VIGIL_SKIP_KUBE_API:-}" != "true" ]; then
  command -v kubectl >/dev/null || { echo "kubectl is not on PATH; hack/kube-testenv.sh needs it" >&2; exit 1; }
  export KUBE_API_TEST_DIR="${KUBE_API_TEST_DIR:-$HOME/.cache/vigil/kube-api-test}"
  echo "kube-apiserver + etcd in $KUBE_API_TEST_DIR (built on the first run, about 16 min; a no-op after)" >&2
  bash hack/kube-testenv.sh >/dev/null
fi
status=0
./mvnw -B verify "$@" || status=$?
bash hack/test-summary.sh || true
exit $status
