# Brings up what the test suites need, or says plainly what it could not. Source it (from scripts/test.sh).

# PostgreSQL: use the one on 127.0.0.1:5432 if it answers; otherwise start a throwaway cluster
# (installing Debian's postgresql if needed). Sets HAVEN_TEST_PG_URL, or leaves PG_UNAVAILABLE set.
ensure_postgres() {
  export HAVEN_TEST_PG_URL="${HAVEN_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/test}"
  if npx --no-install tsx -e 'import("./test/helpers/postgres.ts").then((m) => m.postgresReachable()).then((ok) => process.exit(ok ? 0 : 1))'; then
    log "PostgreSQL: using $HAVEN_TEST_PG_URL"
    return 0
  fi
  local initdb
  initdb=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | tail -n 1)
  if [ -z "$initdb" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "PostgreSQL: not running; installing Debian's postgresql for a throwaway server"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null) || true
    initdb=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | tail -n 1)
  fi
  if [ -z "$initdb" ]; then
    PG_UNAVAILABLE="no PostgreSQL server and none could be installed"
    return 1
  fi
  local bin dir port=55432 as=()
  bin=$(dirname "$initdb")
  dir=$(mktemp -d /tmp/haven-pg.XXXXXX)
  if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; as=(runuser -u postgres --); fi
  "${as[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres >/dev/null
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -o "-p $port -k $dir -c listen_addresses=127.0.0.1" -l "$dir/log" -w start >/dev/null
  "${as[@]}" "$bin/createdb" -h 127.0.0.1 -p $port -U postgres test
  HAVEN_TEST_PG_STOP="${as[*]} $bin/pg_ctl -D $dir/data -m fast stop"
  export HAVEN_TEST_PG_URL="postgres://postgres@127.0.0.1:$port/test"
  log "PostgreSQL: started a throwaway server at $HAVEN_TEST_PG_URL"
}

stop_postgres() {
  if [ -n "${HAVEN_TEST_PG_STOP:-}" ]; then eval "$HAVEN_TEST_PG_STOP" >/dev/null 2>&1 || true; fi
}

# Debian's Chromium for Playwright (browser downloads are not possible here).
ensure_chromium() {
  if command -v chromium >/dev/null; then return 0; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing Debian's chromium for the end-to-end tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
  fi
  command -v chromium >/dev/null
}

# Real WebDAV clients for the conformance suite (Debian's litmus, cadaver and rclone).
ensure_dav_clients() {
  local missing=()
  for tool in litmus cadaver rclone; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing Debian's ${missing[*]} for the WebDAV conformance tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  for tool in litmus cadaver rclone; do command -v "$tool" >/dev/null || return 1; done
}

# An S3 server for the S3 driver, tus and download suites: the one named by HAVEN_TEST_S3_ENDPOINT/_ACCESS_KEY/
# _SECRET_KEY when it answers, else a throwaway Ceph radosgw (scripts/radosgw.sh, installing Debian's packages as
# root). Exports the three variables, or leaves S3_UNAVAILABLE set. (The probe imports the test helper, whose
# storage modules are marked server-only: the react-server condition lets plain Node load them.)
ensure_s3() {
  if [ -n "${HAVEN_TEST_S3_ENDPOINT:-}" ] && npx --no-install tsx --conditions=react-server -e 'import("./test/helpers/s3.ts").then((m) => m.s3Reachable()).then((ok) => process.exit(ok ? 0 : 1))'; then
    log "S3: using $HAVEN_TEST_S3_ENDPOINT"
    return 0
  fi
  local env
  if ! env=$(bash "$HAVEN_ROOT/scripts/radosgw.sh" start); then
    S3_UNAVAILABLE="radosgw could not be started (scripts/radosgw.sh said why above)"
    return 1
  fi
  eval "$env"
  HAVEN_TEST_S3_STOP="bash $HAVEN_ROOT/scripts/radosgw.sh stop $RADOSGW_DIR"
  log "S3: started a throwaway radosgw at $HAVEN_TEST_S3_ENDPOINT"
}

stop_s3() {
  if [ -n "${HAVEN_TEST_S3_STOP:-}" ]; then eval "$HAVEN_TEST_S3_STOP" >/dev/null 2>&1 || true; fi
}

# Debian's redis-server, which the tus locker tests start on a free port (the Redis backend of upload locks).
ensure_redis_server() {
  command -v redis-server >/dev/null && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing Debian's redis-server for the tus locker tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null
  fi
  command -v redis-server >/dev/null
}

# Nextcloud's desktop sync client, headless (Debian's nextcloud-desktop-cmd), for test/conformance/nextcloudcmd.test.ts.
ensure_nextcloudcmd() {
  command -v nextcloudcmd >/dev/null && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing Debian's nextcloud-desktop-cmd for the sync-client conformance test"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nextcloud-desktop-cmd >/dev/null
  fi
  command -v nextcloudcmd >/dev/null
}
