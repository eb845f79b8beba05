#!/usr/bin/env bash
# trainer-svc throughput at 64x64, default U-Net (width 16, depth 2), batch 16: a minimal TensorFlow Java training
# loop of the same shape (the TF Java limit), the project's bare loop (its training graph on in-memory batches) and
# the service's training loop (input pipeline, augmentation, step log, diagnostics, validation, checkpoints), in
# interleaved rounds; prints the medians in samples/s and each one's ratio to the minimal twin, and batch 1 against
# batch 16. On a CUDA 12 + cuDNN 9 host, GPU=1 builds with the gpu profile (linux-x86_64-gpu native library).
# Usage: bench/trainer.sh [steps=100] [samples=256] [rounds=3]   (OFFLINE=-o runs Maven offline; GPU=1 the GPU
# build; DOWNSAMPLING=max_pool the max-pool variant of the model; ABLATE=true adds a side per candidate cost,
# ABLATE=word,word only the ablations whose names hold one of the words)
set -euo pipefail
cd "$(dirname "$0")/.."
OFFLINE="${OFFLINE:-}"
PROFILE=""
if [ "${GPU:-0}" = "1" ]; then PROFILE="-Pgpu"; fi
# One reactor build (no install: ~/.m2 is shared), so the classpath names the modules' target/classes.
./mvnw -q $OFFLINE $PROFILE -pl trainer-svc -am test-compile org.apache.maven.plugins:maven-dependency-plugin:3.11.0:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
CP="trainer-svc/target/test-classes:trainer-svc/target/classes:$(cat trainer-svc/target/bench.classpath)"
exec java -Xmx2g -Djava.awt.headless=true -Dbench.downsampling="${DOWNSAMPLING:-strided_conv}" \
  -Dbench.ablate="${ABLATE:-false}" -cp "$CP" org.inkflow.trainer.bench.TrainerBench "${1:-100}" "${2:-256}" "${3:-3}"
