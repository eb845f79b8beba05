#!/usr/bin/env bash
# Copies the alert rules and dashboards from ../grafana into the chart (inkflow/files/), because Helm's
# .Files cannot read outside the chart directory. inkflow/files/ is generated (git-ignored): run this
# before `helm package`, `helm install` from a checkout, or linting. Missing sources leave empty folders,
# and the chart then renders no PrometheusRule / dashboards ConfigMap.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="${INKFLOW_GRAFANA_DIR:-$here/../grafana}"
if [[ -d "$src" ]]; then src="$(cd "$src" && pwd)"; fi
dest="$here/inkflow/files"

rm -rf "$dest"
mkdir -p "$dest/alerts" "$dest/dashboards"

copied=0
shopt -s nullglob
for f in "$src"/alerts/*.yaml "$src"/alerts/*.yml; do
  cp "$f" "$dest/alerts/"
  copied=$((copied + 1))
done
for f in "$src"/dashboards/*.json; do
  cp "$f" "$dest/dashboards/"
  copied=$((copied + 1))
done
echo "sync-grafana: copied $copied file(s) from $src into $dest"
