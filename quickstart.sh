#!/usr/bin/env bash
# The one-command first look: builds the jars when needed, then runs the whole pipeline on an
# embedded Kafka broker and an embedded PostgreSQL over data/. Any option is passed on:
#   ./quickstart.sh --exit-when-done --summary-json summary.json
#   ./quickstart.sh --data /path/to/your/thelook/export
set -euo pipefail
cd "$(dirname "$0")"

jar=quickstart/target/ecomstream-quickstart.jar
newest_source=$(find pom.xml ./*/pom.xml ./*/src/main -newer "$jar" -print -quit 2>/dev/null || true)
if [[ ! -f "$jar" || -n "$newest_source" ]]; then
  echo "Building the jars (the first build downloads the dependencies and takes a few minutes)..." >&2
  ./mvnw -B -q -ntp package -DskipTests -pl quickstart -am
fi
exec java -jar "$jar" "$@"
