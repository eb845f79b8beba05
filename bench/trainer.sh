#!/usr/bin/env bash
# trainer-svc throughput at 64x64, default U-Net (width 16, depth 2), batch 16: the service's training loop (input
# pipeline decoding PNGs on a background thread, augmentation, diagnostics, validation, checkpoints) against a bare
# TensorFlow Java loop over the same model and in-memory batches, and batch 1 against batch 16; prints samples/s and
# the ratios. On a CUDA 12 + cuDNN 9 host, GPU=1 builds with the gpu profile (linux-x86_64-gpu native library).
# Usage: bench/trainer.sh [steps=100] [samples=256]   (add OFFLINE=-o to run Maven offline; GPU=1 for the GPU build)
set -euo pipefail
cd "$(dirname "$0")/.."
OFFLINE="${OFFLINE:-}"
PROFILE=""
if [ "${GPU:-0}" = "1" ]; then PROFILE="-Pgpu"; fi
./mvnw -q $OFFLINE $PROFILE -pl model-serving,model-training install -DskipTests
./mvnw -q $OFFLINE $PROFILE -pl trainer-svc test-compile
./mvnw -q $OFFLINE $PROFILE -pl trainer-svc dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
CP="trainer-svc/target/test-classes:trainer-svc/target/classes:$(cat trainer-svc/target/bench.classpath)"
exec java -Xmx2g -Djava.awt.headless=true -cp "$CP" org.inkflow.trainer.bench.TrainerBench "${1:-100}" "${2:-256}"
