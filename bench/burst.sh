#!/usr/bin/env bash
# Whole-process benchmark: the service (java -jar target/certflow.jar) against the openssl + curl pipeline an operator
# would script, on the same bundles, in one run; prints a table with the ratios. Needs openssl, curl and bash.
#   bench/burst.sh [--bundles 300] [--latency-runs 15] [--warm N]   (--warm N: the burst N times more, on the warmed-up service)
# BENCH_JAVA_OPTIONS passes JVM options to the service, e.g. BENCH_JAVA_OPTIONS="-Xmx128m"; BENCH_CERTFLOW_X=v sets
# CERTFLOW_X=v for it, e.g. BENCH_CERTFLOW_DROP_CONCURRENCY=16.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
exec java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" dk.certflow.bench.Burst "$@"
