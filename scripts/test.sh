#!/usr/bin/env bash
# `npm test`: installs what the tests need and runs every suite: type-check, unit, service (SQLite and
# PostgreSQL), conformance (HTTP, tus resume, WebDAV with litmus/cadaver/rclone against the built server) and
# end-to-end (Playwright on Chromium).
# HAVEN_TEST_ONLY="unit service" limits the suites.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/test-services.sh"
cd "$HAVEN_ROOT"
ensure_node_modules
ensure_prisma_clients

suites=${HAVEN_TEST_ONLY:-"typecheck unit service conformance e2e"}
passed=0 failed=0 not_run=()
trap stop_postgres EXIT

run_suite() {
  local name=$1; shift
  log "suite: $name"
  if "$@"; then passed=$((passed + 1)); log "suite $name: passed"; else failed=$((failed + 1)); log "suite $name: FAILED"; fi
}

wants() { [[ " $suites " == *" $1 "* ]]; }

wants typecheck && run_suite typecheck npx --no-install tsc --noEmit -p tsconfig.json
wants unit && run_suite unit npx --no-install vitest run --project unit

if wants service; then
  if ensure_postgres; then
    export HAVEN_REQUIRE_POSTGRES=1
  else
    [ "${CI:-}" = true ] && { log "PostgreSQL is required in CI: $PG_UNAVAILABLE"; failed=$((failed + 1)); }
    not_run+=("service tests on PostgreSQL ($PG_UNAVAILABLE)")
  fi
  run_suite service npx --no-install vitest run --project service
fi

if wants conformance || wants e2e; then
  ensure_build || { log "build failed"; failed=$((failed + 1)); }
fi
if wants conformance; then
  ensure_dav_clients || not_run+=("litmus/cadaver/rclone tests (the clients could not be installed: run as root with apt-get)")
  run_suite conformance npx --no-install vitest run --project conformance
fi

if wants e2e; then
  if ensure_chromium; then
    run_suite e2e npx --no-install playwright test
  else
    not_run+=("end-to-end (no chromium: run as root with apt-get, or install Debian's chromium)")
    [ "${CI:-}" = true ] && failed=$((failed + 1))
  fi
fi

for s in "${not_run[@]}"; do log "NOT RUN: $s"; done
echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
