#!/usr/bin/env bash
# Runs service images without a container engine, to see that they start and how fast (ADR 0035):
#   images/smoke.sh REGISTRY [IMAGE...]     IMAGE as inkflow/trainer-svc:0.1.0 (default: the five services)
# Each image is copied out of REGISTRY (skopeo), unpacked (umoci) and its entrypoint run under chroot as the
# image's user, in its working directory, with its environment, on a free loopback port and with Kafka and S3
# pointed at a closed port (and inkflow.kafka.create-topics off, as the chart does with Strimzi topics): no isolation beyond the chroot, so only for images you built. Prints, per image, the
# seconds from exec to /q/health/live answering UP, and for TensorFlow images whether its natives load
# (TensorFlow.version() on the image's own classpath). Needs root, umoci, skopeo, a JDK (javac) and curl.
set -euo pipefail
registry=${1:?usage: images/smoke.sh REGISTRY [IMAGE...]}
shift
root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tag=$(sed -n 's:.*<inkflow.image.tag>\(.*\)</inkflow.image.tag>.*:\1:p' "$root_dir/pom.xml")
images=("$@")
[ ${#images[@]} -gt 0 ] || images=(inkflow/{crawler,cleaner,trainer,evaluator,inference}-svc:"$tag")
say() { printf 'images/smoke: %s\n' "$*" >&2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/inkflow-smoke.XXXXXX")
pid=
cleanup() {
  [ -z "$pid" ] || { kill -KILL "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
  for m in "$work"/*/rootfs/proc "$work"/*/rootfs/dev; do mountpoint -q "$m" && umount -l "$m"; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A probe that loads TensorFlow's natives the way the services do.
mkdir -p "$work/probe"
cat > "$work/probe/TensorFlowProbe.java" <<'EOF'
public class TensorFlowProbe {
    public static void main(String[] args) {
        System.out.println("TensorFlow " + org.tensorflow.TensorFlow.version());
    }
}
EOF
tf_api=$(find "$HOME/.m2/repository/org/tensorflow/tensorflow-core-api" -name 'tensorflow-core-api-*.jar' ! -name '*-sources.jar' | head -1)
javac -d "$work/probe" -cp "$tf_api" "$work/probe/TensorFlowProbe.java"

tls=()
case "$registry" in 127.0.0.1:* | localhost:*) tls=(--src-tls-verify=false) ;; esac
printf '%-34s %10s %8s  %s\n' image unpacked "start s" "TensorFlow natives"
for image in "${images[@]}"; do
  dir="$work/$(echo "$image" | tr '/:' '__')"
  mkdir -p "$dir"
  skopeo copy -q "${tls[@]}" "docker://$registry/$image" "oci:$dir/oci:img"
  umoci unpack --image "$dir/oci:img" "$dir/bundle" >/dev/null
  rootfs="$dir/bundle/rootfs"
  ln -s bundle/rootfs "$dir/rootfs"
  size=$(du -sh "$rootfs" | cut -f1)
  mount -t proc proc "$rootfs/proc"
  mount --bind /dev "$rootfs/dev"
  cfg="$dir/bundle/config.json"
  user=$(python3 -c 'import json,sys; u=json.load(open(sys.argv[1]))["process"]["user"]; print(str(u["uid"]) + ":" + str(u["gid"]))' "$cfg")
  cwd=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["process"]["cwd"])' "$cfg")
  mapfile -t env < <(python3 -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))["process"]["env"]))' "$cfg")
  mapfile -t argv < <(python3 -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))["process"]["args"]))' "$cfg")
  chmod 1777 "$rootfs/tmp"

  natives=-
  if compgen -G "$rootfs$cwd/lib/main/*tensorflow-core-native*" >/dev/null; then
    cp "$work/probe/TensorFlowProbe.class" "$rootfs/tmp/"
    natives=$(chroot --userspec="$user" "$rootfs" /usr/bin/env -i "${env[@]}" HOME=/tmp \
      java -cp "/tmp:$cwd/lib/main/*" TensorFlowProbe 2>&1 | tail -1) || natives="FAILED: $natives"
  fi

  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  t0=$(date +%s.%N)
  ( cd "$rootfs$cwd" && exec chroot --userspec="$user" "$rootfs" /bin/sh -c 'cd "$0" && exec "$@"' "$cwd" \
      /usr/bin/env -i "${env[@]}" HOME=/tmp QUARKUS_HTTP_PORT="$port" QUARKUS_HTTP_HOST=127.0.0.1 \
      KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1 INKFLOW_KAFKA_CREATE_TOPICS=false \
      INKFLOW_S3_ENDPOINT=http://127.0.0.1:1 INKFLOW_S3_ACCESS_KEY=smoke-test INKFLOW_S3_SECRET_KEY=smoke-test-secret "${argv[@]}" ) >"$dir/log" 2>&1 &
  pid=$!
  started=
  for _ in $(seq 1 1200); do
    if curl -sf "http://127.0.0.1:$port/q/health/live" >/dev/null 2>&1; then
      started=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$t0" "$(date +%s.%N)")
      break
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=
  [ -n "$started" ] || { tail -30 "$dir/log" >&2; started=FAILED; }
  printf '%-34s %10s %8s  %s\n' "$image" "$size" "$started" "$natives"
  umount "$rootfs/proc" "$rootfs/dev"
  rm -rf "$dir"
done
