#!/usr/bin/env bash
# Producers benchmark: EntityPublisher rows/s against a plain KafkaProducer sending the same serialised
# records, on an embedded broker, in one JVM run. Usage: producers/bench.sh [ROWS (1000000)] [ROUNDS (2)]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl producers -am test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
classpath="producers/target/test-classes:producers/target/classes:$(cat producers/target/bench.classpath)"
exec java -Xmx4g -cp "$classpath" dev.ecomstream.producers.publish.PublishBenchmark "$@"
