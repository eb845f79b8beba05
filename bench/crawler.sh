#!/usr/bin/env bash
# OpenMoji rasterization throughput of crawler-svc: pairs/s at 64 px and 128 px, 1 and 2 threads, with ratios.
# Usage: bench/crawler.sh [pairs] [path/to/openmoji-17.0.0.tgz]   (a synthetic package when no path is given)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -o -pl crawler-svc test-compile
cp_file=crawler-svc/target/bench.classpath
./mvnw -q -o -pl crawler-svc dependency:build-classpath -Dmdep.outputFile="$PWD/$cp_file" -Dmdep.includeScope=test
exec java -Djava.awt.headless=true -cp "crawler-svc/target/test-classes:crawler-svc/target/classes:$(cat "$cp_file")" \
  org.inkflow.crawler.bench.RasterizeBench "${1:-200}" ${2:+"$2"}
