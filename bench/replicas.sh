#!/usr/bin/env bash
# Scale-out: the cleaner's images/s and the trainer's trials/hour with 1 and with 2 replicas of every service, each
# round on a fresh local platform (real Kafka broker, S3Proxy, the five packaged services as processes; the OpenMoji
# package from .inkflow/cache, fetched from the npm registry if missing), rounds interleaved, medians and the ratio
# 2 / 1 printed. On 2 cores the ten processes share the machine, so expect well under 2x.
# Usage: bench/replicas.sh [images=200] [stepsPerTrial=100] [rounds=1]   (add OFFLINE=-o to run Maven offline)
set -euo pipefail
cd "$(dirname "$0")/.."
OFFLINE="${OFFLINE:-}"
# One reactor build (nothing is installed into ~/.m2): package, and each module's test classpath beside it.
./mvnw -q $OFFLINE -pl e2e -am package -DskipTests \
  org.apache.maven.plugins:maven-dependency-plugin:3.11.0:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
CP="e2e/target/test-classes:e2e/target/classes:$(cat e2e/target/bench.classpath)"
exec java -Xmx1g -cp "$CP" -Dinkflow.root="$PWD" \
  -Dinkflow.maven.repo="${INKFLOW_MAVEN_REPO:-$HOME/.m2/repository}" \
  org.inkflow.e2e.ReplicaBench "${1:-200}" "${2:-100}" "${3:-1}"
