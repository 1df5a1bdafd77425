#!/usr/bin/env bash
# The expiry watch over a large inventory (100,000 rows by default) on H2, or on PostgreSQL with --db-url.
#   bench/expiry.sh [--rows 100000] [--db-url jdbc:postgresql://127.0.0.1:5432/certflow --db-user certflow --db-password-file FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
exec java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" dk.certflow.bench.ExpiryWatchBench "$@"
