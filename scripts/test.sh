#!/usr/bin/env bash
# `npm test`: installs what the tests need and runs every suite: type-check, lint, unit, service (SQLite and
# PostgreSQL), conformance (HTTP, tus resume, WebDAV with litmus/cadaver/rclone against the built server) and
# end-to-end (Playwright on Chromium).
# HAVEN_TEST_ONLY="unit service" limits the suites. Each suite's seconds are logged, and summed up at the end.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/test-services.sh"
cd "$HAVEN_ROOT"
suites=${HAVEN_TEST_ONLY:-"typecheck lint unit service conformance e2e"}
passed=0 failed=0 not_run=() timings=()
trap 'stop_postgres; stop_s3' EXIT

# Runs one suite and records its outcome and wall-clock seconds (setup such as the build is timed as its own step).
run_suite() {
  local name=$1 result; shift
  log "suite: $name"
  local start=$SECONDS
  if "$@"; then passed=$((passed + 1)); result=passed; else failed=$((failed + 1)); result=FAILED; fi
  log "suite $name: $result in $((SECONDS - start)) s"
  timings+=("$(printf '%-12s %-7s %5d s' "$name" "$result" $((SECONDS - start)))")
}

# Runs a setup step (install, build, PostgreSQL, clients) and records its seconds; returns its status.
timed() {
  local name=$1 start=$SECONDS rc; shift
  "$@"; rc=$?
  timings+=("$(printf '%-12s %-7s %5d s' "$name" "$([ $rc -eq 0 ] && echo setup || echo FAILED)" $((SECONDS - start)))")
  return $rc
}

timed install ensure_node_modules
timed prisma ensure_prisma_clients

wants() { [[ " $suites " == *" $1 "* ]]; }

wants typecheck && run_suite typecheck npx --no-install tsc --noEmit -p tsconfig.json
wants lint && run_suite lint npm run --silent lint
wants unit && run_suite unit npx --no-install vitest run --project unit

# One S3 server (radosgw) for the service and conformance suites; their S3 cases skip (and say so) without one.
if wants service || wants conformance; then
  if timed s3 ensure_s3; then
    export HAVEN_REQUIRE_S3=1
  else
    [ "${CI:-}" = true ] && { log "S3 is required in CI: $S3_UNAVAILABLE"; failed=$((failed + 1)); }
    not_run+=("S3 suites: driver contract on S3, tus/WebDAV/downloads on S3 policies ($S3_UNAVAILABLE)")
  fi
  # PostgreSQL for the service suite and for conformance's two-instance scale-out test.
  if timed postgres ensure_postgres; then
    export HAVEN_REQUIRE_POSTGRES=1
  else
    [ "${CI:-}" = true ] && { log "PostgreSQL is required in CI: $PG_UNAVAILABLE"; failed=$((failed + 1)); }
    not_run+=("service tests on PostgreSQL and the two-instance scale-out test ($PG_UNAVAILABLE)")
  fi
fi

if wants service; then
  timed ffmpeg ensure_ffmpeg || { not_run+=("video thumbnail tests with a real video (no ffmpeg: run as root with apt-get)"); [ "${CI:-}" = true ] && failed=$((failed + 1)); }
  timed redis ensure_redis_server || not_run+=("tus locker and cache bus tests on Redis (no redis-server: run as root with apt-get)")
  run_suite service npx --no-install vitest run --project service
fi

if wants conformance || wants e2e; then
  timed build ensure_build || { log "build failed"; failed=$((failed + 1)); }
fi
if wants conformance; then
  timed dav-clients ensure_dav_clients || not_run+=("litmus/cadaver/rclone tests (the clients could not be installed: run as root with apt-get)")
  timed nextcloudcmd ensure_nextcloudcmd || not_run+=("nextcloudcmd sync tests (nextcloud-desktop-cmd could not be installed: run as root with apt-get)")
  run_suite conformance npx --no-install vitest run --project conformance
fi

if wants e2e; then
  if timed chromium ensure_chromium; then
    run_suite e2e npx --no-install playwright test
  else
    not_run+=("end-to-end (no chromium: run as root with apt-get, or install Debian's chromium)")
    [ "${CI:-}" = true ] && failed=$((failed + 1))
  fi
fi

for s in "${not_run[@]}"; do log "NOT RUN: $s"; done
echo "step         result   time"
for t in "${timings[@]}"; do echo "$t"; done
echo "suites: $passed passed, $failed failed in $SECONDS s"
[ "$failed" -eq 0 ]
