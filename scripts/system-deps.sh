#!/usr/bin/env bash
# Installs the Debian packages the test suites need and a fresh machine lacks: a Docker engine,
# a static busybox for the fixture images, Chromium for the e2e tests, QEMU and the tools that build
# the VM guest. Needs root (CI runs as root).
set -euo pipefail
missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
/bin/busybox --list 2>/dev/null | grep -x nc >/dev/null || missing+=(busybox-static)  # (grep -q would end the pipe early: SIGPIPE)
[ -x "${BERTH_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
# The bundled VM's guest build and suite, for this machine's architecture.
. "$(dirname "$0")/vm/guest-tools.sh"
for tool in $(guest_tools "$(dpkg --print-architecture)"); do
  command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "system-deps: missing ${missing[*]}; install them (apt-get install ${missing[*]}) or run as root" >&2
  exit 1
fi
echo "system-deps: installing ${missing[*]}" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
