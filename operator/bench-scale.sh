#!/usr/bin/env bash
# Operator scale benchmark against a real kube-apiserver (binaries from hack/kube-testenv.sh).
# Usage: operator/bench-scale.sh [monitors=10000] [workers=200] [capacity=60] [creators=16] [timeout=600]
# Quick run: operator/bench-scale.sh monitors=1000 workers=20
# BENCH_HEAP sets -Xmx (default 1g, so the 512 MiB target is measured, not enforced).
set -euo pipefail
cd "$(dirname "$0")/.."
cp_file="$PWD/operator/target/bench-classpath.txt"
# one reactor build: the operator module's classpath (written last) points at crds/target/classes
./mvnw -B -q -pl operator -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"
exec java -Xmx"${BENCH_HEAP:-1g}" \
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "operator/target/test-classes:operator/target/classes:$(cat "$cp_file")" \
  dev.vigil.operator.bench.ScaleBenchmark "$@"
