#!/usr/bin/env bash
# `npm run bench [-- tus|webdav]`: both suites by default. tus: 1 GiB through Haven's upload and download paths
# beside same-run references (bench/bench.ts). webdav: Haven's WebDAV beside Apache mod_dav and a bare Node stream
# (bench/webdav-bench.ts; needs apache2, wrk and curl, which it installs with apt-get when missing and root).
# migrate (only when named): 10,000 small blobs moved from a local policy to S3 (radosgw) beside `rclone copy` of the
# same files to the same bucket (bench/policy-migration.ts; starts a throwaway radosgw unless HAVEN_TEST_S3_* are set).
# tree (only when named): copy, trash, restore and purge of a 10,240-file tree, with the longest event-loop block
# each causes, beside one bare SQLite UPDATE of the same rows (bench/tree-ops.ts).
# search (only when named): name search over 1,000,000 nodes, SearchService beside bare SQL of the same index, in
# process (bench/search.ts; needs no build).
# thumbnails (only when named): per-image thumbnail time beside sharp alone, and the grid view scrolled through
# 100,000 entries in Chromium with its long-task count (bench/thumbnails.ts).
# nextcloud (only when named): nextcloudcmd's first sync of 2,000 small files into Haven (PUT per file, then with bulk
# upload advertised), beside `rclone copy` of the same files to Apache mod_dav and into Haven (bench/nextcloud-sync.ts;
# needs nextcloudcmd, rclone and apache2, which it installs with apt-get when missing and root).
# pdf (only when named): how long a PDF thumbnail render blocks the event loop (it runs in a worker thread), beside
# an idle loop measured alike (bench/pdf-render-block.ts; in process, needs no build).
# s3 (only when named): 1 GiB by tus into an S3 policy and back, beside a bare lib-storage Upload and GetObject
# to the same radosgw (bench/s3.ts; starts a throwaway radosgw with scripts/radosgw.sh unless HAVEN_TEST_S3_* answer).
# Scratch files (about 2 GiB) and the server's data dir live in one temp dir under /tmp (BENCH_TMP to move it);
# it is removed on exit, failure or Ctrl-C.
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
cd "$HAVEN_ROOT"
ensure_node_modules
# Always measure the code as it is now: a stale dist/ once gave figures of older code.
# In-process suites (search, migrate) measure the sources and need no build.
if [ "$*" != search ] && [ "$*" != migrate ] && [ "$*" != pdf ]; then
  [ "${BENCH_NO_BUILD:-}" = 1 ] && [ -f dist/server.mjs ] && [ -f .next/BUILD_ID ] || bash scripts/build.sh
fi

BENCH_DIR="$(mktemp -d "${BENCH_TMP:-/tmp}/haven-bench.XXXXXX")"
export BENCH_DIR
# Apache serves as www-data (the bench runs as root here): it must reach its ServerRoot inside.
chmod 755 "$BENCH_DIR"
trap 'rm -rf "$BENCH_DIR"' EXIT
trap 'exit 130' INT TERM

suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(tus webdav)
for suite in "${suites[@]}"; do
  case "$suite" in
    tus) script=bench/bench.ts ;;
    tree) script=bench/tree-ops.ts ;;
    search) script=bench/search.ts ;;
    thumbnails) script=bench/thumbnails.ts ;;
    pdf) script=bench/pdf-render-block.ts ;;
    s3) script=bench/s3.ts ;;
    migrate)
      script=bench/policy-migration.ts
      command -v rclone >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y --no-install-recommends rclone >/dev/null; } || { echo "bench: rclone is missing (apt-get install rclone)" >&2; exit 1; }
      if [ -z "${HAVEN_TEST_S3_ENDPOINT:-}" ]; then
        eval "$(bash scripts/radosgw.sh start "$BENCH_DIR/radosgw")"
        trap 'bash scripts/radosgw.sh stop "$BENCH_DIR/radosgw" >/dev/null 2>&1 || true; rm -rf "$BENCH_DIR"' EXIT
      fi ;;
    nextcloud)
      script=bench/nextcloud-sync.ts
      for tool in nextcloudcmd:nextcloud-desktop-cmd rclone:rclone apache2:apache2; do
        command -v "${tool%%:*}" >/dev/null || { [ "$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y --no-install-recommends "${tool#*:}" >/dev/null; } || { echo "bench: ${tool%%:*} is missing (apt-get install ${tool#*:})" >&2; exit 1; }
      done ;;
    webdav)
      script=bench/webdav-bench.ts
      for tool in apache2:apache2 wrk:wrk curl:curl; do
        command -v "${tool%%:*}" >/dev/null || { [ "$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y "${tool#*:}" >/dev/null; } || { echo "bench: ${tool%%:*} is missing (apt-get install ${tool#*:})" >&2; exit 1; }
      done ;;
    *) echo "bench: unknown suite '$suite' (tus, webdav, nextcloud, tree, search, thumbnails, pdf, s3 or migrate)" >&2; exit 2 ;;
  esac
  mkdir -p "$BENCH_DIR/$suite"
  # bench/ talks HTTP only; the hooks shim keeps any "server-only" import harmless, as in scripts/dev.sh.
  BENCH_DIR="$BENCH_DIR/$suite" node --import ./scripts/shims/hooks.mjs --import tsx "$script"
  rm -rf "${BENCH_DIR:?}/$suite"
done
