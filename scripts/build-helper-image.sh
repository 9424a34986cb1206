#!/usr/bin/env bash
# Regenerates resources/helper-image/berth-helper.tar: the tiny image Berth loads into an engine
# (docker load) to reach a volume's files through the archive API. FROM scratch with the static
# busybox only; Berth never starts it, so it works on any engine architecture.
#   DOCKER_HOST=… bash scripts/build-helper-image.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/../resources/helper-image/berth-helper.tar"
tag="berth/helper:1"
export DOCKER_BUILDKIT=0

ctx="$(mktemp -d)"
trap 'rm -rf "$ctx"' EXIT
cp /bin/busybox "$ctx/busybox"
cat >"$ctx/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY busybox /bin/busybox
LABEL org.opencontainers.image.title="berth helper" dev.berth.helper="1"
CMD ["/bin/busybox", "true"]
DOCKERFILE
docker build --network none -q -t "$tag" "$ctx" >/dev/null
mkdir -p "$(dirname "$out")"
docker save "$tag" -o "$out"
echo "helper image: $tag -> $out ($(du -h "$out" | cut -f1))" >&2
