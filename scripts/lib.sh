# Shared shell helpers for Haven's scripts. Source it; it changes nothing by itself.
HAVEN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

log() { printf '\033[1mhaven:\033[0m %s\n' "$*"; }

# Installs npm dependencies when node_modules is missing or was installed for other package files, and makes sure
# the native SQLite binding is built (npm 11 runs only approved install scripts; see "allowScripts").
# The install records the digest of package.json and package-lock.json it was made for: a fresh checkout of the same
# files (a new clone's mtimes are all "now") then installs nothing. Without a record, package.json's age decides.
ensure_node_modules() {
  cd "$HAVEN_ROOT"
  local digest record=node_modules/.haven-deps
  digest=$(cat package.json package-lock.json 2>/dev/null | sha256sum | cut -d' ' -f1)
  if [ ! -d node_modules ] || { [ -f "$record" ] && [ "$(cat "$record")" != "$digest" ]; } ||
     { [ ! -f "$record" ] && [ package.json -nt node_modules/.package-lock.json ]; }; then
    log "installing npm dependencies"
    npm install --no-audit --no-fund && echo "$digest" > "$record"
  fi
  if ! node -e "new (require('better-sqlite3'))(':memory:')" >/dev/null 2>&1; then
    log "building the SQLite driver (about 90 s)"
    npm rebuild better-sqlite3
  fi
}

# Generates the Prisma clients when the schema is newer than them.
ensure_prisma_clients() {
  cd "$HAVEN_ROOT"
  if [ ! -f lib/db/generated/postgres/client.ts ] || [ prisma/schema.prisma -nt lib/db/generated/postgres/client.ts ]; then
    bash scripts/prisma-generate.sh
  fi
}

# Debian's ffmpeg, which video thumbnails (poster frames) need. Installed when running as root with apt-get; otherwise
# its absence is said here and shown in Admin → Jobs (video files then get no poster, with that reason).
ensure_ffmpeg() {
  if command -v "${HAVEN_FFMPEG:-ffmpeg}" >/dev/null; then return 0; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing Debian's ffmpeg for video thumbnails"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ffmpeg >/dev/null) || true
  fi
  command -v "${HAVEN_FFMPEG:-ffmpeg}" >/dev/null && return 0
  log "ffmpeg is not installed: videos get no thumbnail (install Debian's ffmpeg, or set HAVEN_FFMPEG)"
  return 1
}

# Builds Next.js and the server bundle when any source is newer than the last build.
ensure_build() {
  cd "$HAVEN_ROOT"
  local stamp=dist/.build-stamp
  if [ -f "$stamp" ] && [ -f .next/BUILD_ID ] && [ -z "$(find app components lib server prisma public proxy.ts next.config.ts package.json postcss.config.mjs -newer "$stamp" -type f 2>/dev/null | grep -v '^lib/db/generated/' | head -n 1)" ]; then
    return 0
  fi
  bash scripts/build.sh
}
