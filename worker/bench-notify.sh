#!/usr/bin/env bash
# Notification latency benchmark: webhooks to a loopback receiver, Kubernetes Events on a real kube-apiserver
# (binaries from hack/kube-testenv.sh), each next to a baseline measured in the same run. A few minutes.
# Usage: worker/bench-notify.sh [idle=300] [idleSpacingMs=10] [burst=500] [slowMs=50] [flaky=100] [warmup=200]
#                               [events=30] [eventBurst=100] [timeout=120] [kube=true]
# Webhooks only: worker/bench-notify.sh kube=false
set -euo pipefail
cd "$(dirname "$0")/.."
cp_file="$PWD/worker/target/bench-classpath.txt"
# one reactor build: the worker module's classpath (written last) points at crds/target/classes
./mvnw -B -q -pl worker -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"
exec java -Xmx"${BENCH_HEAP:-512m}" \
  -cp "worker/target/test-classes:worker/target/classes:$(cat "$cp_file")" \
  dev.vigil.worker.bench.NotifyLatencyBenchmark "$@"
