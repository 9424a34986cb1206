#!/usr/bin/env bash
# A private OpenSSH server for Berth's SSH tests, in front of the test engine's socket: Debian's
# sshd on 127.0.0.1 only, its own host key and config, key authentication (passwords only for the
# test user berth-test-pw, see password_user), streamlocal
# forwarding allowed (how Berth reaches a remote engine's socket). Never touches the machine's sshd.
#   scripts/test-sshd.sh up      install what is missing, make keys, start, wait
#   scripts/test-sshd.sh down    stop exactly what `up` started
#   scripts/test-sshd.sh env     print where things are (BERTH_SSHD_PORT, the client key …)
# BERTH_SSHD_DIR picks the folder (default /tmp/berth-test-sshd), BERTH_SSHD_PORT the port (22022).
set -euo pipefail

dir="${BERTH_SSHD_DIR:-/tmp/berth-test-sshd}"
port="${BERTH_SSHD_PORT:-22022}"
pidfile="$dir/sshd.pid"
password_user=berth-test-pw

log() { echo "test-sshd: $*" >&2; }

need_packages() {
  local missing=()
  [ -x /usr/sbin/sshd ] || missing+=(openssh-server)
  command -v ssh-keygen >/dev/null || missing+=(openssh-client)
  if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || { log "needs ${missing[*]}: run as root or install them"; exit 1; }
    log "installing ${missing[*]}"
    apt-get update -qq
    # Debian's openssh-server starts its own sshd on port 22 where an init system runs; ours is separate.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

make_keys() {
  mkdir -p "$dir"
  chmod 700 "$dir"
  [ -f "$dir/host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -C berth-test-host -f "$dir/host_ed25519_key"
  # Another host key, for the "the host key changed" test: written to known_hosts as if it were the old one.
  [ -f "$dir/other_host_key" ] || ssh-keygen -q -t ed25519 -N '' -C berth-test-other-host -f "$dir/other_host_key"
  [ -f "$dir/client_key" ] || ssh-keygen -q -t ed25519 -N '' -C berth-test-client -f "$dir/client_key"
  # Not in authorized_keys: the "wrong key" test.
  [ -f "$dir/wrong_key" ] || ssh-keygen -q -t ed25519 -N '' -C berth-test-wrong -f "$dir/wrong_key"
  # In authorized_keys, protected by a passphrase: the passphrase prompt test.
  [ -f "$dir/locked_key" ] || ssh-keygen -q -t ed25519 -N 'berth-passphrase' -C berth-test-locked -f "$dir/locked_key"
  cat "$dir/client_key.pub" "$dir/locked_key.pub" >"$dir/authorized_keys"
  chmod 600 "$dir/authorized_keys"
}

# The password login test's user: made here, with a random password kept in $dir (0700), in the
# docker group so it may open the test engine's socket. It logs in only through this sshd on
# 127.0.0.1, by password only, and can run nothing there (ForceCommand /bin/false, no TTY).
# `down` leaves the user (and its password file) for the next `up`.
password_user() {
  local created=0
  if ! id "$password_user" >/dev/null 2>&1; then
    useradd --no-create-home --home-dir /nonexistent --shell /bin/sh --groups docker "$password_user"
    created=1
  fi
  if [ ! -s "$dir/password" ] || [ "$created" = 1 ]; then
    [ -s "$dir/password" ] || (umask 077; openssl rand -hex 16 >"$dir/password")
    echo "$password_user:$(cat "$dir/password")" | chpasswd
  fi
}

write_config() {
  cat >"$dir/sshd_config.new" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $dir/host_ed25519_key
PidFile $pidfile
AuthorizedKeysFile $dir/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
StrictModes no
AllowStreamLocalForwarding yes
X11Forwarding no
PermitTTY no
LogLevel VERBOSE
Match User $password_user Address 127.0.0.1
  PasswordAuthentication yes
  AuthorizedKeysFile none
  ForceCommand /bin/false
  # sshd permits streamlocal channels only where local TCP forwarding is allowed too.
  AllowTcpForwarding local
  AllowStreamLocalForwarding local
CONF
  # A running sshd started with an older config is restarted by `start` (its open connections stay).
  if ! cmp -s "$dir/sshd_config.new" "$dir/sshd_config" 2>/dev/null; then
    mv "$dir/sshd_config.new" "$dir/sshd_config"
    stop
  else
    rm -f "$dir/sshd_config.new"
  fi
}

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

start() {
  if running; then return 0; fi
  rm -f "$pidfile"
  mkdir -p /run/sshd
  /usr/sbin/sshd -t -f "$dir/sshd_config"
  log "starting sshd on 127.0.0.1:$port"
  /usr/sbin/sshd -f "$dir/sshd_config" -E "$dir/sshd.log"
  for _ in $(seq 1 100); do
    if running && listening; then return 0; fi
    sleep 0.1
  done
  log "sshd did not listen within 10 s; its log:"
  tail -n 20 "$dir/sshd.log" >&2
  exit 1
}

stop() {
  if ! running; then rm -f "$pidfile"; return 0; fi
  local pid; pid="$(cat "$pidfile")"
  # The listener only: its per-connection children end with their connections.
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  rm -f "$pidfile"
}

case "${1:-}" in
  up)
    need_packages
    make_keys
    password_user
    write_config
    start
    log "ready: ssh://root@127.0.0.1:$port → /tmp/berth-test-engine/docker.sock (key $dir/client_key)"
    ;;
  down)
    stop
    # The password user is in the docker group (root on the test engine): it goes with the server.
    if id "$password_user" >/dev/null 2>&1; then userdel "$password_user" 2>/dev/null || true; fi
    log "stopped"
    ;;
  env)
    echo "BERTH_SSHD_DIR=$dir"
    echo "BERTH_SSHD_PORT=$port"
    ;;
  *)
    echo "usage: $0 up|down|env" >&2
    exit 2
    ;;
esac
