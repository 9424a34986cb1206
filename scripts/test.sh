#!/usr/bin/env bash
# `npm test`: every suite, against a private Docker engine that this script starts and stops.
#   lint + type check → build → unit and engine-integration tests (Vitest) → e2e (Playwright in
#   Debian's Chromium). Prints each suite's counts, then one closing line with the totals.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/.."
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
results="$(mktemp -d)"
status=0

step() { echo; echo "=== $*"; }

step "system packages"
bash scripts/system-deps.sh || exit 1
[ -d node_modules ] || npm ci --no-audit --no-fund || exit 1

step "test engine"
engine_started=0
if [ ! -S "${BERTH_ENGINE_DIR:-/tmp/berth-test-engine}/docker.sock" ]; then engine_started=1; fi
bash scripts/test-engine.sh up || exit 1
export $(bash scripts/test-engine.sh env)
# The engines tests' SSH server and Podman service (both private, on their own socket/port).
sshd_started=0; podman_started=0
[ -f /tmp/berth-test-sshd/sshd.pid ] && kill -0 "$(cat /tmp/berth-test-sshd/sshd.pid)" 2>/dev/null || sshd_started=1
[ -S /tmp/berth-test-podman/podman.sock ] || podman_started=1
bash scripts/test-sshd.sh up || exit 1
bash scripts/test-podman.sh up || exit 1
# Stop the engine only if this run started it: a developer's running engine stays as it was.
cleanup() {
  [ "$sshd_started" = 1 ] && bash scripts/test-sshd.sh down
  [ "$podman_started" = 1 ] && bash scripts/test-podman.sh down
  [ "$engine_started" = 1 ] && bash scripts/test-engine.sh down
  rm -rf "$results"
}
trap cleanup EXIT

step "lint"
npx eslint . || status=1
step "type check"
npx vue-tsc --noEmit -p tsconfig.json || status=1

step "build"
npx electron-vite build >"$results/build.log" 2>&1 || { cat "$results/build.log"; echo "build failed" >&2; exit 1; }
echo "built out/main, out/preload, out/renderer"

# The bundled VM's suite (one QEMU boot, TCG here) runs when its guest builds: cached in .cache/vm
# and rebuilt only when scripts/vm changes (~1-2 min cold, mostly downloading the packages).
step "VM guest"
vm_arch=$(dpkg --print-architecture)
if bash scripts/vm/build-guest.sh --if-changed "$vm_arch"; then
  export BERTH_VM_TESTS=1
else
  echo "VM guest build FAILED: the bundled VM suite is skipped" >&2
  status=1
fi

step "unit and engine-integration tests (Vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json="$results/vitest.json" || status=1

step "end-to-end tests (Playwright, Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME="$results/playwright.json" npx playwright test --reporter=list,json || status=1

step "summary"
node scripts/summarize-tests.mjs "$results/vitest.json" "$results/playwright.json" || status=1
exit $status
