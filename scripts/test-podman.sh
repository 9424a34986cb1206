#!/usr/bin/env bash
# A private Podman service for Berth's tests: Debian's podman answering its Docker-compatible API
# on its own socket, with its own storage (--root, --runroot) and config, no network. It loads
# the fixture image berth-fixture/base from the test engine (docker save → podman load).
#   scripts/test-podman.sh up      install what is missing, start, wait, load the fixture
#   scripts/test-podman.sh down    stop exactly what `up` started (storage stays for the next run)
#   scripts/test-podman.sh env     print BERTH_PODMAN_HOST
# BERTH_PODMAN_DIR picks the folder (default /tmp/berth-test-podman).
set -euo pipefail

dir="${BERTH_PODMAN_DIR:-/tmp/berth-test-podman}"
sock="$dir/podman.sock"
pidfile="$dir/service.pid"
engine_host="unix://${BERTH_ENGINE_DIR:-/tmp/berth-test-engine}/docker.sock"

log() { echo "test-podman: $*" >&2; }

need_packages() {
  command -v podman >/dev/null && return 0
  [ "$(id -u)" = 0 ] || { log "needs podman: run as root or install it"; exit 1; }
  log "installing podman"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends podman >/dev/null
}

write_config() {
  mkdir -p "$dir/root" "$dir/runroot" "$dir/tmp"
  # This sandbox cannot raise rlimits, so the default ulimits are lowered; no network at all.
  cat >"$dir/containers.conf" <<CONF
[containers]
default_ulimits = []
netns = "none"
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$dir/events.log"
tmp_dir = "$dir/tmp"
CONF
  cat >"$dir/storage.conf" <<CONF
[storage]
driver = "vfs"
graphroot = "$dir/root"
runroot = "$dir/runroot"
CONF
}

podman_() {
  CONTAINERS_CONF="$dir/containers.conf" CONTAINERS_STORAGE_CONF="$dir/storage.conf" \
    podman --root "$dir/root" --runroot "$dir/runroot" --storage-driver vfs --cgroup-manager cgroupfs "$@"
}

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

answers() { DOCKER_HOST="unix://$sock" docker version --format "{{.Server.Version}}" >/dev/null 2>&1; }

start() {
  if running && answers; then return 0; fi
  rm -f "$sock" "$pidfile"
  log "starting podman system service on $sock"
  CONTAINERS_CONF="$dir/containers.conf" CONTAINERS_STORAGE_CONF="$dir/storage.conf" setsid podman \
    --root "$dir/root" --runroot "$dir/runroot" --storage-driver vfs --cgroup-manager cgroupfs \
    system service --time=0 "unix://$sock" >>"$dir/service.log" 2>&1 </dev/null &
  echo $! >"$pidfile"
  for _ in $(seq 1 200); do
    if answers; then return 0; fi
    sleep 0.1
  done
  log "podman did not answer within 20 s; its log:"
  tail -n 20 "$dir/service.log" >&2
  exit 1
}

load_fixture() {
  if podman_ image exists berth-fixture/base 2>/dev/null; then return 0; fi
  log "loading berth-fixture/base from the test engine"
  DOCKER_HOST="$engine_host" docker save berth-fixture/base | podman_ load -q >/dev/null
}

stop() {
  if ! running; then rm -f "$sock" "$pidfile"; return 0; fi
  local pid; pid="$(cat "$pidfile")"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$sock" "$pidfile"
}

case "${1:-}" in
  up)
    need_packages
    write_config
    start
    load_fixture
    log "ready: BERTH_PODMAN_HOST=unix://$sock"
    ;;
  down)
    stop
    log "stopped"
    ;;
  env) echo "BERTH_PODMAN_HOST=unix://$sock" ;;
  *)
    echo "usage: $0 up|down|env" >&2
    exit 2
    ;;
esac
