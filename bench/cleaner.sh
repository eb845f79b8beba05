#!/usr/bin/env bash
# cleaner-svc throughput: images/s through decode -> filters -> line art -> PNG in memory at 64 and 256, and the
# same images through the packaged service with a real Kafka broker and S3 (local-stack), printed as ratios.
# Usage: bench/cleaner.sh [inMemoryImages=200] [endToEndImages=200]   (add OFFLINE=-o to run Maven offline)
set -euo pipefail
cd "$(dirname "$0")/.."
OFFLINE="${OFFLINE:-}"
./mvnw -q $OFFLINE -pl common,local-stack install -DskipTests
./mvnw -q $OFFLINE -pl cleaner-svc package -DskipTests
./mvnw -q $OFFLINE -pl cleaner-svc dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
CP="cleaner-svc/target/test-classes:cleaner-svc/target/classes:$(cat cleaner-svc/target/bench.classpath)"
exec java -Xmx1g -cp "$CP" \
  -Dinkflow.maven.repo="${INKFLOW_MAVEN_REPO:-$HOME/.m2/repository}" \
  org.inkflow.cleaner.bench.CleanerBench cleaner-svc/target/quarkus-app/quarkus-run.jar "${1:-200}" "${2:-200}"
