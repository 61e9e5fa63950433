#!/usr/bin/env bash
# The end-to-end benchmark: builds the jars when needed (the bench and the sink it runs as a child JVM),
# then measures the COPY reference, the pipeline, latency and scaling in one run. Options are passed on:
#   ./bench.sh --quick                       # scale 0.1, 15 s of latency: checks that it all works
#   ./bench.sh                               # scale 1 (about 3.3 million rows)
#   ./bench.sh --sink-per-entity             # the sink alone per entity against COPY into a keyed table
#   ./bench.sh --bootstrap-servers kafka:9092 --pg-url jdbc:postgresql://db:5432/postgres --pg-user bench
#   ./bench.sh --help
set -euo pipefail
cd "$(dirname "$0")"

jar=bench/target/ecomstream-bench.jar
sink_jar=sink/target/ecomstream-sink.jar
newest_source=$(find pom.xml ./*/pom.xml ./*/src/main -newer "$jar" -print -quit 2>/dev/null || true)
if [[ ! -f "$jar" || ! -f "$sink_jar" || -n "$newest_source" ]]; then
  echo "Building the jars (the first build downloads the dependencies and takes a few minutes)..." >&2
  ./mvnw -B -q -ntp package -DskipTests -pl bench -am
fi
# 1 GB: the producers, and on the embedded stack the Kafka broker, share this JVM; the sink has its own.
exec java -Xmx1g -jar "$jar" "$@"
