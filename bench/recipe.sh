#!/usr/bin/env bash
# The quality recipe's ablation (docs/decisions/0041-quality-recipe.md): trains each row on OpenMoji pairs with the
# training graph directly, as the trainer does (its hyperparameters, input pipeline and schedule; no platform), for the
# same wall-clock budget, and scores it on the held-out set (bench/heldout.sh; default flat-color-icons) with and
# without hints beside line-copy. Rows add one ingredient each to the best configuration so far and are kept only when
# the mean PSNR gain (without and with hints) rises.
#
#   bench/recipe.sh [BUDGET_SECONDS=240] [HINT_POINTS=8] [ROWS=0,1,...]
#
# Rows: 0 baseline (demo defaults: 300 images, 64 px), 1 + all OpenMoji images, 2 + 128 px (measured, not carried),
# 3 + hue rotation, 4 + wider-deeper U-Net, 5 + EMA, 6 + PatchGAN. Output: a Markdown table on stdout and in
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
args=("$tgz" "$SET_DIR" "$OUT" "${1:-240}" "${2:-8}")
[ -n "${3:-}" ] && args+=("$3")
exec java -Xmx6g -cp "heldout/target/test-classes:heldout/target/classes:$(cat heldout/target/heldout-test.classpath)" \
  org.inkflow.heldout.RecipeBench "${args[@]}"
