#!/usr/bin/env bash
# Builds Inkflow's base image without Docker or a registry to pull from (ADR 0035) and pushes it:
#   images/base.sh REGISTRY
# Debian bookworm (debootstrap --variant=minbase) with openjdk-17-jre-headless from bookworm, -updates and
# -security, user inkflow (10001:10001), no docs/man pages/locales/apt lists, one layer, made into an OCI image
# with umoci and copied to REGISTRY/inkflow/base-jre17:TAG with skopeo. Prints the pushed reference with its
# digest (what the service images are built FROM). Needs root, debootstrap, umoci and skopeo.
# File times are clamped to SOURCE_DATE_EPOCH (default: the last commit's time) and the tar is sorted, so two
# builds against the same package versions give the same files, all but one: the JRE's cacerts, a PKCS12 keystore
# that ca-certificates-java writes with a random salt. Loopback registries are spoken to over HTTP.
# Environment: INKFLOW_DEBIAN_MIRROR (http://deb.debian.org/debian), INKFLOW_BASE_TAG (17-bookworm).
set -euo pipefail

registry=${1:?usage: images/base.sh REGISTRY}
root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mirror=${INKFLOW_DEBIAN_MIRROR:-http://deb.debian.org/debian}
security_mirror=${INKFLOW_DEBIAN_SECURITY_MIRROR:-${mirror%/debian}/debian-security}
tag=${INKFLOW_BASE_TAG:-17-bookworm}
repo=inkflow/base-jre17
uid=10001
epoch=${SOURCE_DATE_EPOCH:-$(git -C "$root_dir" log -1 --format=%ct 2>/dev/null || date +%s)}
created=$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)

say() { printf 'images/base: %s\n' "$*" >&2; }
[ "$(id -u)" = 0 ] || { say "needs root (debootstrap and chroot)"; exit 1; }
for tool in debootstrap umoci skopeo; do
  command -v "$tool" >/dev/null || { say "$tool is missing: apt-get install debootstrap umoci skopeo"; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/inkflow-base.XXXXXX")
rootfs="$work/rootfs"
cleanup() {
  mountpoint -q "$rootfs/proc" && umount "$rootfs/proc"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM  # so that cleanup runs on a signal too

say "debootstrap --variant=minbase bookworm from $mirror"
debootstrap --variant=minbase --components=main bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -20 "$work/debootstrap.log" >&2; say "debootstrap failed"; exit 1; }

# Packages installed from here on leave their docs, man pages and translations out (copyright notices stay).
cat > "$rootfs/etc/dpkg/dpkg.cfg.d/inkflow-slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
EOF
cat > "$rootfs/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb $security_mirror bookworm-security main
EOF
printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' > "$rootfs/etc/apt/apt.conf.d/90inkflow"

say "installing openjdk-17-jre-headless and the security updates"
# ca-certificates-java's postinst runs java, which needs /proc.
mount -t proc proc "$rootfs/proc"
chroot "$rootfs" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive /bin/sh -ec '
  apt-get update -qq
  apt-get upgrade -y -qq
  apt-get install -y -qq openjdk-17-jre-headless
  apt-get clean
  groupadd --gid '"$uid"' inkflow
  useradd --uid '"$uid"' --gid '"$uid"' --home-dir /home/inkflow --create-home --shell /usr/sbin/nologin inkflow
  java -version
' >"$work/install.log" 2>&1 || { tail -20 "$work/install.log" >&2; say "installing the JRE failed"; exit 1; }
umount "$rootfs/proc"
jre=$(chroot "$rootfs" dpkg-query -W -f '${Version}' openjdk-17-jre-headless)

# What debootstrap put in before the excludes, and what only a package manager run needs.
find "$rootfs/usr/share/doc" -mindepth 1 ! -name copyright ! -type d -delete
find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete
rm -rf "$rootfs"/usr/share/{man,info,locale,lintian}/* \
  "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/* "$rootfs"/var/cache/debconf/*-old \
  "$rootfs"/var/lib/dpkg/*-old "$rootfs"/var/log/* "$rootfs"/tmp/* "$rootfs"/root/.[!.]* \
  "$rootfs"/etc/resolv.conf "$rootfs"/etc/hostname "$rootfs"/etc/machine-id "$rootfs"/var/cache/ldconfig/aux-cache
: > "$rootfs/etc/machine-id"

say "making the OCI image (one layer, times clamped to $created)"
tar --sort=name --numeric-owner --mtime="@$epoch" --clamp-mtime --xattrs --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
  -C "$rootfs" -cf "$work/layer.tar" .
umoci init --layout "$work/oci"
umoci new --image "$work/oci:$tag"
umoci raw add-layer --image "$work/oci:$tag" --history.created "$created" \
  --history.created_by "images/base.sh: debootstrap --variant=minbase bookworm + openjdk-17-jre-headless" "$work/layer.tar"
umoci config --image "$work/oci:$tag" --created "$created" --history.created "$created" \
  --history.created_by "images/base.sh: user, environment, labels" \
  --os linux --architecture amd64 \
  --config.user "$uid:$uid" --config.workingdir /home/inkflow \
  --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --config.env LANG=C.UTF-8 \
  --config.env JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 \
  --config.cmd java --config.cmd=-version \
  --config.label org.opencontainers.image.title=inkflow-base-jre17 \
  --config.label "org.opencontainers.image.description=Debian bookworm minbase with openjdk-17-jre-headless $jre, user inkflow ($uid)" \
  --config.label org.opencontainers.image.source=https://github.com/inkflow/inkflow \
  --config.label org.opencontainers.image.licenses=Apache-2.0 \
  --config.label "org.opencontainers.image.version=$tag" \
  --config.label org.opencontainers.image.base.name=debian:bookworm
umoci gc --layout "$work/oci"

tls=()
case "$registry" in 127.0.0.1:* | localhost:* | \[::1\]:*) tls=(--dest-tls-verify=false) ;; esac
say "pushing $registry/$repo:$tag ($(du -sh "$rootfs" | cut -f1) unpacked)"
skopeo copy -q "${tls[@]}" --digestfile "$work/digest" "oci:$work/oci:$tag" "docker://$registry/$repo:$tag"
echo "$registry/$repo:$tag@$(cat "$work/digest")"
