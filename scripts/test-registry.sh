#!/usr/bin/env bash
# A private image registry for Berth's tests: Debian's docker-registry on 127.0.0.1 with htpasswd
# auth (user berth / password berth-secret), its storage under /tmp, never a system service.
# Engines treat 127.0.0.0/8 registries as insecure (plain HTTP) by default, so no TLS is needed.
#   scripts/test-registry.sh up      install if missing, start, wait (idempotent)
#   scripts/test-registry.sh down    stop exactly what `up` started
#   scripts/test-registry.sh env     print BERTH_REGISTRY=127.0.0.1:PORT
# BERTH_REGISTRY_DIR and BERTH_REGISTRY_PORT pick the folder (default /tmp/berth-test-registry) and port (5055).
set -euo pipefail

dir="${BERTH_REGISTRY_DIR:-/tmp/berth-test-registry}"
port="${BERTH_REGISTRY_PORT:-5055}"
pidfile="$dir/registry.pid"
user=berth
password=berth-secret

log() { echo "test-registry: $*" >&2; }

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

answers() {
  # 401 means up and asking for credentials.
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/" 2>/dev/null || true)" = 401 ] && return 0
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

bcrypt_hash() {
  # The registry accepts only bcrypt; Debian's libcrypt (libxcrypt) makes it through perl's crypt().
  if command -v htpasswd >/dev/null; then htpasswd -nbB "$user" "$password" | cut -d: -f2-; return; fi
  local salt; salt="$(head -c 16 /dev/urandom | base64 | tr '+' '.' | tr -d '=\n' | cut -c1-21)u"
  perl -e 'print crypt($ARGV[0], "\$2b\$10\$" . $ARGV[1])' "$password" "$salt"
}

up() {
  if ! command -v docker-registry >/dev/null; then
    [ "$(id -u)" = 0 ] || { log "needs the docker-registry package: run as root or install it"; exit 1; }
    log "installing docker-registry"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-registry >/dev/null
  fi
  mkdir -p "$dir/data"
  if running; then return 0; fi
  local hash; hash="$(bcrypt_hash)"
  case "$hash" in \$2*) ;; *) log "could not make a bcrypt hash"; exit 1 ;; esac
  echo "$user:$hash" >"$dir/htpasswd"
  cat >"$dir/config.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
auth:
  htpasswd:
    realm: berth-test
    path: $dir/htpasswd
YAML
  log "starting docker-registry on 127.0.0.1:$port"
  setsid docker-registry serve "$dir/config.yml" >>"$dir/registry.log" 2>&1 </dev/null &
  echo $! >"$pidfile"
  for _ in $(seq 1 100); do
    if answers; then log "ready: BERTH_REGISTRY=127.0.0.1:$port (user $user)"; return 0; fi
    sleep 0.1
  done
  log "the registry did not answer; its log:"
  tail -n 20 "$dir/registry.log" >&2
  exit 1
}

down() {
  if running; then
    local pid; pid="$(cat "$pidfile")"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  log "stopped"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  env) echo "BERTH_REGISTRY=127.0.0.1:$port" ;;
  *)
    echo "usage: $0 up|down|env" >&2
    exit 2
    ;;
esac
