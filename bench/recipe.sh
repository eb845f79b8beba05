#!/usr/bin/env bash
# The quality recipe's ablation (docs/decisions/0041-quality-recipe.md): trains each row on OpenMoji pairs with the
# training graph directly, as the trainer does (its hyperparameters, input pipeline and schedule; no platform), for the
# same wall-clock budget, and scores it on the held-out set (bench/heldout.sh; default flat-color-icons) with and
# without hints beside line-copy. Rows add one ingredient each to the best configuration so far and are kept only when
# the mean PSNR gain (without and with hints) rises.
#
#   bench/recipe.sh [BUDGET_SECONDS=150] [HINT_POINTS=8] [ROWS=all|0,2,...] [MAX_IMAGES]
#
# Rows: 0 baseline (demo defaults: 300 images, 64 px), 1 the baseline with another seed (the noise a row must beat),
# 2 + all OpenMoji images, 3 + 128 px (measured, not carried), 4 + hue rotation, 5 + wider-deeper U-Net, 6 + EMA,
# 7 + PatchGAN, 8 the kept configuration at 128 px. MAX_IMAGES caps "all" (a quick check of the bench itself).
# Kept: a row whose mean PSNR gain (without and with hints) beats the best so far by more than the noise (at least
# 0.05 dB). About 9 x BUDGET seconds plus rendering and scoring. Output: a Markdown table on stdout and in
# .inkflow/recipe/recipe.md; rendered OpenMoji pairs are cached under .inkflow/recipe/openmoji-<size>/.
# Env: HELDOUT_SET, HELDOUT_LINE_ART (as bench/heldout.sh), OFFLINE=-o to run Maven offline.
set -euo pipefail
cd "$(dirname "$0")/.."
OFFLINE="${OFFLINE:-}"
SET="${HELDOUT_SET:-flat-color-icons}"
LINE_ART="${HELDOUT_LINE_ART:-extracted}"
SET_DIR=".inkflow/heldout/$SET-$LINE_ART"
OUT=".inkflow/recipe"

[ -f "$SET_DIR/manifest.json" ] || bench/heldout.sh build
tgz=".inkflow/cache/openmoji-17.0.0.tgz"
if [ ! -f "$tgz" ]; then
  mkdir -p .inkflow/cache && (cd .inkflow/cache && npm pack openmoji@17.0.0 --silent >/dev/null)
fi
./mvnw -B -q $OFFLINE -pl heldout -am -DskipTests test-compile org.apache.maven.plugins:maven-dependency-plugin:3.11.0:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/heldout-test.classpath >&2
mkdir -p "$OUT"
args=("$tgz" "$SET_DIR" "$OUT" "${1:-150}" "${2:-8}" "${3:-all}")
[ -n "${4:-}" ] && args+=("$4")
exec java -Xmx6g -cp "heldout/target/test-classes:heldout/target/classes:$(cat heldout/target/heldout-test.classpath)" \
  org.inkflow.heldout.RecipeBench "${args[@]}"
