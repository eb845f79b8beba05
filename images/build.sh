#!/usr/bin/env bash
# What `./inkflow images REGISTRY` runs: the base image (images/base.sh), then the five service images with
# Quarkus' Jib extension (-Pimages) on it, and the trainer's GPU variant (-Pimages,gpu), all pushed to REGISTRY as
#   REGISTRY/inkflow/base-jre17:17-bookworm
#   REGISTRY/inkflow/<service>:<tag>        (tag: inkflow.image.tag in pom.xml, the chart's appVersion)
#   REGISTRY/inkflow/trainer-svc:<tag>-gpu
# No Docker: debootstrap/umoci/skopeo for the base, Jib for the rest. A loopback registry (127.0.0.1, localhost)
# is spoken to over plain HTTP; any other must be HTTPS, with credentials where Jib and skopeo look for them
# (~/.docker/config.json or a credential helper; skopeo also reads ${XDG_RUNTIME_DIR}/containers/auth.json).
# INKFLOW_IMAGES_GPU=0 leaves the GPU variant out (its TensorFlow natives are a 526 MB download and layer).
# Extra Maven options: MAVEN_ARGS (e.g. -o).
set -euo pipefail
registry=${1:?usage: ./inkflow images REGISTRY   (e.g. 127.0.0.1:5000 or ghcr.io/acme)}
registry=${registry%/}
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
say() { printf 'images: %s\n' "$*" >&2; }

# Jib keeps the base's layers it pulls in a cache; a temp one, so a new base per commit does not pile up in ~/.cache.
work=$(mktemp -d "${TMPDIR:-/tmp}/inkflow-images.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start=$SECONDS
base=$(images/base.sh "$registry")
say "base $base ($((SECONDS - start)) s)"

services=(crawler-svc cleaner-svc trainer-svc evaluator-svc inference-svc)
# shellcheck disable=SC2206
mvn=(./mvnw -B -q ${MAVEN_ARGS:-} package -DskipTests
  "-Dquarkus.container-image.registry=$registry"
  "-Dquarkus.jib.base-jvm-image=$base"
  "-Dquarkus.jib.base-image-layers-cache=$work/jib-base-layers"
  "-Dquarkus.container-image.labels.org.opencontainers.image.base.name=${base%@*}"
  "-Dquarkus.container-image.labels.org.opencontainers.image.base.digest=${base#*@}")
case "$registry" in
  127.0.0.1:* | localhost:* | 127.0.0.1 | localhost) mvn+=(-Dquarkus.container-image.insecure=true) ;;
esac

# The GPU variant first: it packages trainer-svc with TensorFlow's GPU natives, and the CPU build after it
# leaves target/quarkus-app as every other command expects it.
if [ "${INKFLOW_IMAGES_GPU:-1}" != 0 ]; then
  step=$SECONDS
  "${mvn[@]}" -Pimages,gpu -pl trainer-svc -am
  gpu_digest=$(cat trainer-svc/target/jib-image.digest)
  say "trainer-svc gpu variant ($((SECONDS - step)) s)"
fi
step=$SECONDS
"${mvn[@]}" -Pimages -pl "$(IFS=,; echo "${services[*]}")" -am
say "service images ($((SECONDS - step)) s)"

# What was pushed, by digest (the files Jib writes).
tag=$(sed -n 's:.*<inkflow.image.tag>\(.*\)</inkflow.image.tag>.*:\1:p' pom.xml)
echo "$base"
for s in "${services[@]}"; do
  echo "$registry/inkflow/$s:$tag@$(cat "$s/target/jib-image.digest")"
done
[ -z "${gpu_digest:-}" ] || echo "$registry/inkflow/trainer-svc:$tag-gpu@$gpu_digest"
say "done in $((SECONDS - start)) s"
