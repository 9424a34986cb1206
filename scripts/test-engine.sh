#!/usr/bin/env bash
# A private Docker engine for Berth's tests: its own socket, data root, exec root and pidfile, no
# bridge and no iptables, so it never touches the machine's own engine or network.
#   scripts/test-engine.sh up      install what is missing, start, wait, build the fixture images
#   scripts/test-engine.sh down    stop exactly what `up` started (data stays for the next run)
#   scripts/test-engine.sh stop|start   stop or start the daemon only (used by the outage e2e test)
#   scripts/test-engine.sh env     print DOCKER_HOST for this engine
# BERTH_ENGINE_DIR picks the folder (default /tmp/berth-test-engine), so several can run at once.
set -euo pipefail

dir="${BERTH_ENGINE_DIR:-/tmp/berth-test-engine}"
sock="$dir/docker.sock"
pidfile="$dir/dockerd.pid"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export DOCKER_HOST="unix://$sock"

log() { echo "test-engine: $*" >&2; }

need_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  [ -x /bin/busybox ] && /bin/busybox --list 2>/dev/null | grep -x nc >/dev/null || missing+=(busybox-static)
  if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || { log "needs ${missing[*]}: run as root or install them"; exit 1; }
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

answers() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

start_daemon() {
  mkdir -p "$dir/data" "$dir/exec"
  if running; then return 0; fi
  # A stale socket from a killed daemon would make the new one refuse to start.
  rm -f "$sock" "$pidfile"
  log "starting dockerd on $sock"
  setsid dockerd \
    -H "unix://$sock" \
    --data-root "$dir/data" \
    --exec-root "$dir/exec" \
    --pidfile "$pidfile" \
    --bridge=none --iptables=false --ip-masq=false --ip6tables=false \
    --userland-proxy=false \
    >>"$dir/dockerd.log" 2>&1 </dev/null &
  for _ in $(seq 1 300); do
    if answers; then return 0; fi
    sleep 0.1
  done
  log "dockerd did not answer within 30 s; its log:"
  tail -n 40 "$dir/dockerd.log" >&2
  exit 1
}

stop_daemon() {
  if ! running; then rm -f "$sock"; return 0; fi
  local pid; pid="$(cat "$pidfile")"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$sock" "$pidfile"
}

case "${1:-}" in
  up)
    need_packages
    start_daemon
    bash "$here/fixtures/build.sh"
    log "ready: DOCKER_HOST=$DOCKER_HOST"
    ;;
  start) start_daemon ;;
  stop) stop_daemon ;;
  down)
    stop_daemon
    log "stopped"
    ;;
  env) echo "DOCKER_HOST=$DOCKER_HOST" ;;
  *)
    echo "usage: $0 up|down|start|stop|env" >&2
    exit 2
    ;;
esac
