#!/usr/bin/env bash
# evaluator-svc benchmark: SSIM (11x11 Gaussian, per RGB channel) throughput at 64x64 and 256x256, the full
# per-sample scoring at both sizes, and the separable SSIM against a direct 2-D window in the same process;
# prints images/s, megapixels/s and the ratios between them.
# Usage: bench/evaluator.sh [secondsPerCase=3]   (add OFFLINE=-o to run Maven offline)
set -euo pipefail
cd "$(dirname "$0")/.."
OFFLINE="${OFFLINE:-}"
./mvnw -q $OFFLINE -pl evaluator-svc test-compile
./mvnw -q $OFFLINE -pl evaluator-svc dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
CP="evaluator-svc/target/test-classes:evaluator-svc/target/classes:$(cat evaluator-svc/target/bench.classpath)"
exec java -Xmx512m -cp "$CP" org.inkflow.evaluator.bench.EvaluatorBench "${1:-3}"
