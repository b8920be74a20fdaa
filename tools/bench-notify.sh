#!/usr/bin/env bash
# Notification latency benchmark: webhooks to a loopback receiver, Kubernetes Events on a real kube-apiserver
# (binaries from hack/kube-testenv.sh), each next to a baseline measured in the same run. A few minutes.
# Usage: tools/bench-notify.sh [idle=300] [idleSpacingMs=10] [burst=500] [slowMs=50] [flaky=100] [warmup=200]
#                               [events=30] [eventBurst=100] [timeout=120] [kube=true]
# Webhooks only: tools/bench-notify.sh kube=false
set -euo pipefail
cd "$(dirname "$0")/.."
cp_file="$PWD/tools/target/bench-classpath.txt"
# one reactor build: the tools module's classpath (written last) points at the worker's and crds' target/ folders
./mvnw -B -q -pl tools -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"
exec java -Xmx"${BENCH_HEAP:-512m}" \
  -cp "tools/target/test-classes:tools/target/classes:$(cat "$cp_file")" \
  dev.vigil.tools.bench.notify.NotifyLatencyBenchmark "$@"
