#!/usr/bin/env bash
# `npm run bench`: 1 GiB through Haven's upload and download paths beside same-run references (bench/bench.ts).
# Scratch files (about 2 GiB) and the server's data dir live in one temp dir under /tmp (BENCH_TMP to move it);
# it is removed on exit, failure or Ctrl-C.
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
cd "$HAVEN_ROOT"
ensure_node_modules
[ -f dist/server.mjs ] && [ -f .next/BUILD_ID ] || bash scripts/build.sh

BENCH_DIR="$(mktemp -d "${BENCH_TMP:-/tmp}/haven-bench.XXXXXX")"
export BENCH_DIR
trap 'rm -rf "$BENCH_DIR"' EXIT
trap 'exit 130' INT TERM

# bench/ talks HTTP only; the hooks shim keeps any "server-only" import harmless, as in scripts/dev.sh.
node --import ./scripts/shims/hooks.mjs --import tsx bench/bench.ts
