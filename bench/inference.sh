#!/usr/bin/env bash
# inference-svc benchmark: requests/s and p50/p95/p99 latency of POST /colorize and POST /v2/models/colorizer/infer
# at 64x64 and 256x256 with 1 and 16 concurrent clients, with dynamic batching on (max batch 16) and off (max batch 1),
# and, batching on, the same v2 request as binary tensor data over REST and over gRPC (raw_input_contents and
# fp32_contents), beside bare ColorizerModel.predict calls (the SavedModelBundle session) measured in the same run;
# prints ratios.
# The service runs as the packaged jar in a child process against a real Kafka broker and S3 server (local-stack).
#
#   bench/inference.sh                  # 5 s per scenario after a 2 s warm-up (about 6 minutes in all)
#   BENCH_SECONDS=10 bench/inference.sh # longer windows, steadier numbers
#   BENCH_ROUNDS=3 bench/inference.sh   # the whole set 3 times, the batching settings' order alternating between
#                                       # rounds; every figure is the median over the rounds, ratios taken within a
#                                       # round, each round's value printed beside the median
#   BENCH_SIZES=64 BENCH_CLIENTS=1 BENCH_MAX_BATCHES=16 BENCH_JFR=target/jfr bench/inference.sh
#                                       # a narrowed run with a flight recording of the service per batching
#                                       # setting, the last round's (read it with bench/jfr-hot.py
#                                       # target/jfr/service-batch-16.jfr)
#   BENCH_SERVICE_ARGS="-Dinkflow.inference.batching.caller-runs-when-idle=false" bench/inference.sh
#                                       # the service with other settings (an A/B run)
set -euo pipefail
cd "$(dirname "$0")/.."
# -am: the sibling modules are built in the same reactor, so nothing has to be installed first.
./mvnw -q -o -pl inference-svc -am package -DskipTests
./mvnw -q -o -pl inference-svc -am test -Dtest=InferenceBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dinkflow.bench=true -Dinkflow.bench.seconds="${BENCH_SECONDS:-5}" \
  -Dinkflow.bench.warmup-seconds="${BENCH_WARMUP_SECONDS:-2}" \
  -Dinkflow.bench.sizes="${BENCH_SIZES:-64,256}" -Dinkflow.bench.clients="${BENCH_CLIENTS:-1,16}" \
  -Dinkflow.bench.max-batches="${BENCH_MAX_BATCHES:-16,1}" -Dinkflow.bench.jfr="${BENCH_JFR:+$PWD/$BENCH_JFR}" \
  -Dinkflow.bench.service-args="${BENCH_SERVICE_ARGS:-}" -Dinkflow.bench.rounds="${BENCH_ROUNDS:-1}" \
  -Dinkflow.bench.jar="$PWD/inference-svc/target/quarkus-app/quarkus-run.jar"
