#!/usr/bin/env bash
# What bursts of worker status changes cost the operator, against a real kube-apiserver (binaries from
# hack/kube-testenv.sh): scheduling passes and operator API writes per burst.
# Usage: operator/bench-status-burst.sh [monitors=1000] [workers=20]
set -euo pipefail
cd "$(dirname "$0")/.."
cp_file="$PWD/operator/target/bench-classpath.txt"
./mvnw -B -q -pl operator -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"
exec java -Xmx"${BENCH_HEAP:-1g}" \
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "operator/target/test-classes:operator/target/classes:$(cat "$cp_file")" \
  dev.vigil.operator.bench.StatusBurstBenchmark "$@"
