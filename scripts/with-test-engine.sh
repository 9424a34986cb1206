#!/usr/bin/env bash
# Runs one command against the private test engine, starting it first if it is not up:
#   bash scripts/with-test-engine.sh npx vitest run --project int
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$here/system-deps.sh"
bash "$here/test-engine.sh" up
export $(bash "$here/test-engine.sh" env)
exec "$@"
