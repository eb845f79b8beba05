#!/usr/bin/env bash
# CI check of the container images (ADR 0035), on a machine without Docker or a reachable container registry:
#   1. installs debootstrap, umoci, skopeo and docker-registry from Debian when missing (needs root),
#   2. starts Debian's docker-registry on 127.0.0.1 (a free port, storage in a temp folder),
#   3. images/build.sh builds the base and every service image (and the trainer's GPU variant) and pushes them there,
#   4. checks each with skopeo inspect (--raw and --config): user 10001 (not root), the java entrypoint, the
#      service's port exposed, the OCI labels, built on the pushed base, layer count and compressed size within
#      the bounds below; and the base layer itself: user inkflow, no docs, man pages or apt lists,
#   5. stops the registry and removes every temp file, whatever happened.
# Fails with the image and the rule broken. INKFLOW_IMAGES_GPU=0 leaves the GPU variant out.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf 'images-check: %s\n' "$*" >&2; }
start=$SECONDS

[ "$(id -u)" = 0 ] || { say "needs root (debootstrap, chroot, apt-get)"; exit 1; }
missing=()
for pair in debootstrap:debootstrap umoci:umoci skopeo:skopeo docker-registry:docker-registry; do
  command -v "${pair%%:*}" >/dev/null || missing+=("${pair#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} from Debian's packages"
  # docker-registry's package would start its daemon on :5000; nothing should run on its own here.
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  rm -f /usr/sbin/policy-rc.d
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/inkflow-images-check.XXXXXX")
registry_pid=
cleanup() {
  local rc=$?
  if [ -n "$registry_pid" ]; then kill "$registry_pid" 2>/dev/null || true; wait "$registry_pid" 2>/dev/null || true; fi
  rm -rf "$work"
  [ $rc = 0 ] || say "FAILED (rc $rc) after $((SECONDS - start)) s"
}
trap cleanup EXIT
# bash runs the EXIT trap on a signal only through an exit of its own.
trap 'exit 130' INT
trap 'exit 143' TERM

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$work/registry.yml" <<EOF
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $work/registry
http:
  addr: 127.0.0.1:$port
EOF
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/v2/" >/dev/null && break
  kill -0 "$registry_pid" 2>/dev/null || { cat "$work/registry.log" >&2; say "the registry did not start"; exit 1; }
  sleep 0.2
done
curl -sf "http://127.0.0.1:$port/v2/" >/dev/null || { say "the registry does not answer on 127.0.0.1:$port"; exit 1; }
registry=127.0.0.1:$port
say "registry on $registry"

images/build.sh "$registry"

tag=$(sed -n 's:.*<inkflow.image.tag>\(.*\)</inkflow.image.tag>.*:\1:p' pom.xml)
refs=(base-jre17:17-bookworm "crawler-svc:$tag" "cleaner-svc:$tag" "trainer-svc:$tag" "evaluator-svc:$tag" "inference-svc:$tag")
[ "${INKFLOW_IMAGES_GPU:-1}" = 0 ] || refs+=("trainer-svc:$tag-gpu")
for ref in "${refs[@]}"; do
  skopeo inspect --tls-verify=false --raw "docker://$registry/inkflow/$ref" > "$work/$ref.manifest.json"
  skopeo inspect --tls-verify=false --config "docker://$registry/inkflow/$ref" > "$work/$ref.config.json"
done
# The base's one layer, listed: what it must hold and what it must not.
base_layer=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["layers"][0]["digest"])' "$work/base-jre17:17-bookworm.manifest.json")
curl -sf "http://$registry/v2/inkflow/base-jre17/blobs/$base_layer" | tar -tz > "$work/base.list"
tar_extract() { curl -sf "http://$registry/v2/inkflow/base-jre17/blobs/$base_layer" | tar -xzO "$1"; }
tar_extract ./etc/passwd > "$work/base.passwd"

python3 - "$work" "$tag" "${refs[@]}" <<'PY'
import json, os, re, sys

work, tag, refs = sys.argv[1], sys.argv[2], sys.argv[3:]
MB = 1_000_000
# Bounds on the compressed size (sum of the layers as pushed): measured + headroom, so a dependency that doubles an
# image fails here. Base 113.7 MB; crawler/cleaner 180; TensorFlow services 345; GPU variant 710 (ADR 0035).
BOUNDS = {"base-jre17": 130 * MB, "crawler-svc": 220 * MB, "cleaner-svc": 220 * MB, "trainer-svc": 400 * MB,
          "evaluator-svc": 400 * MB, "inference-svc": 400 * MB, "trainer-svc-gpu": 800 * MB}
MAX_LAYERS = {"base-jre17": 1}  # services: the base's layer + Jib's fast-jar layers (7 today)
SERVICE_MAX_LAYERS = 8
LABELS = ["org.opencontainers.image.source", "org.opencontainers.image.version",
          "org.opencontainers.image.licenses", "org.opencontainers.image.title",
          "org.opencontainers.image.description", "org.opencontainers.image.base.name"]

def ports_of(service):
    """quarkus.http.port, and inference's gRPC port (inkflow.inference.grpc.port) where the service has one."""
    http, grpc = None, None
    with open(os.path.join(service, "src/main/resources/application.properties")) as f:
        for line in f:
            m = re.match(r"\s*quarkus\.http\.port\s*[=:]\s*(\d+)", line)
            http = m.group(1) if m else http
            g = re.match(r"\s*inkflow\.inference\.grpc\.port\s*[=:]\s*(\d+)", line)
            grpc = g.group(1) if g else grpc
    if http is None:
        raise SystemExit(f"{service}: no quarkus.http.port in application.properties")
    return {f"{http}/tcp"} | ({f"{grpc}/tcp"} if grpc else set())

def load(ref, kind):
    with open(os.path.join(work, f"{ref}.{kind}.json")) as f:
        return json.load(f)

problems, rows = [], []
base_layer = load("base-jre17:17-bookworm", "manifest")["layers"][0]["digest"]
for ref in refs:
    name, ref_tag = ref.split(":")
    key = name + ("-gpu" if ref_tag.endswith("-gpu") else "")
    manifest, config = load(ref, "manifest"), load(ref, "config")
    c = config.get("config", {})
    layers = manifest["layers"]
    size = sum(l["size"] for l in layers)
    rows.append(f"{ref:28} {len(layers)} layers {size / MB:7.1f} MB")
    p = lambda msg: problems.append(f"{ref}: {msg}")
    user = c.get("User", "")
    if user.split(":")[0] in ("", "0", "root"):
        p(f"runs as root (User {user!r})")
    elif user != "10001:10001":
        p(f"User is {user!r}, expected 10001:10001 (the chart's podSecurityContext)")
    labels = c.get("Labels") or {}
    for label in LABELS if name != "base-jre17" else LABELS[:4]:
        if not labels.get(label):
            p(f"label {label} missing")
    if labels.get("org.opencontainers.image.licenses", "Apache-2.0") != "Apache-2.0":
        p(f"license label is {labels['org.opencontainers.image.licenses']}")
    if size > BOUNDS[key]:
        p(f"compressed size {size / MB:.1f} MB is over the bound {BOUNDS[key] / MB:.0f} MB")
    if len(layers) > MAX_LAYERS.get(key, SERVICE_MAX_LAYERS):
        p(f"{len(layers)} layers, at most {MAX_LAYERS.get(key, SERVICE_MAX_LAYERS)} expected")
    if name == "base-jre17":
        continue
    if labels.get("org.opencontainers.image.title") != name:
        p(f"title label is {labels.get('org.opencontainers.image.title')!r}, expected {name!r}")
    if labels.get("org.opencontainers.image.version") != ref_tag:
        p(f"version label is {labels.get('org.opencontainers.image.version')!r}, expected {ref_tag!r}")
    if layers[0]["digest"] != base_layer:
        p("is not built on the pushed base (first layer differs from base-jre17's)")
    entry = c.get("Entrypoint") or []
    if not entry or entry[0] != "java" or entry[-2:] != ["-jar", "quarkus-run.jar"] or c.get("WorkingDir") != "/app":
        p(f"entrypoint {entry} in {c.get('WorkingDir')!r}, expected java ... -jar quarkus-run.jar in /app")
    ports = ports_of(name)
    if set((c.get("ExposedPorts") or {}).keys()) != ports:
        p(f"exposes {sorted((c.get('ExposedPorts') or {}).keys())}, expected {sorted(ports)} (quarkus.http.port,"
          " inference's grpc port)")
    if key == "trainer-svc-gpu" and "CUDA" not in labels.get("org.opencontainers.image.description", ""):
        p("GPU variant's description does not say where CUDA comes from")

# The base layer's files: the user exists, and nothing a package manager run leaves behind.
with open(os.path.join(work, "base.passwd")) as f:
    if not any(l.startswith("inkflow:x:10001:10001:") for l in f):
        problems.append("base-jre17: no user inkflow (10001:10001) in /etc/passwd")
with open(os.path.join(work, "base.list")) as f:
    paths = [line.rstrip("\n") for line in f if line.strip()]
for pattern, what in [(r"^\./usr/share/man/.+", "man pages"), (r"^\./usr/share/doc/.+(?<!/copyright)$", "docs other than copyright"),
                      (r"^\./var/lib/apt/lists/.+", "apt lists"), (r"^\./var/cache/apt/.+\.deb$", "cached .debs"),
                      (r"^\./usr/share/locale/.+", "translations")]:
    hits = [x for x in paths if re.match(pattern, x) and not x.endswith("/")]  # files; folders may stay
    if hits:
        problems.append(f"base-jre17: {len(hits)} {what}, e.g. {hits[0]}")
if not any(x.endswith("/bin/java") for x in paths):
    problems.append("base-jre17: no java in the layer")

print("\n".join(rows))
if problems:
    print("\n".join(["", "image check FAILED:"] + [f"  - {x}" for x in problems]), file=sys.stderr)
    sys.exit(1)
PY
say "all images pass ($((SECONDS - start)) s)"
