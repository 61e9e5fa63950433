#!/usr/bin/env bash
# Sink throughput against PostgreSQL's own COPY, in one run on this machine (not a test; takes a few minutes).
#   sink/benchmark.sh [RECORDS] [PARTITIONS]     default: 1000000 events records, 3 partitions
# Starts its own Kafka broker and PostgreSQL (devstack), runs the packaged sink with -Xmx256m as a child JVM,
# and prints rows/s of both and their ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl devstack,schema,sink package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile=target/benchmark.classpath -Dmdep.includeScope=test
cd sink
exec java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/benchmark.classpath)" \
    dev.ecomstream.sink.bench.SinkBenchmark "$@"
