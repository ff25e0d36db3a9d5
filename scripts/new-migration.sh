#!/usr/bin/env bash
# Writes a new SQL migration for both providers from the change to prisma/schema.prisma since the last one.
#
#   npm run db:migration -- <name>        (or: bash scripts/new-migration.sh <name>)
#
# Output: prisma/migrations/{sqlite,postgresql}/<UTC timestamp>_<name>/migration.sql (same folder name in both),
# and prisma/migrations/schema.snapshot.prisma, the schema the migrations now describe (the next diff's "old").
# Nothing is written when the schema has not changed. The runtime runner is lib/db/migrate.ts.
#
# How: Prisma 7's `migrate` needs a native schema engine (a download), so the diff is done by Prisma 6 with its
# WASM engine, kept in tools/prisma-migrate (installed here on first use, without install scripts; see the
# prisma.config.ts there). Prisma 6 reads a temporary copy of each schema per provider, rewritten to what it
# accepts: the datasource gets `provider = "<target>"` and `url = env("DATABASE_URL")`, the generator becomes
# prisma-client-js with engineType "client". Diffs are always within one provider (a cross-provider diff crashes
# the engine) and never connect to a database.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
tools="$root/tools/prisma-migrate"
migrations="$root/prisma/migrations"
snapshot="$migrations/schema.snapshot.prisma"
schema="$root/prisma/schema.prisma"
providers=(sqlite postgresql)

die() { echo "new-migration: $*" >&2; exit 1; }
# Names of the migration folders already written (either provider), sorted.
list_migrations() {
  local p
  for p in "${providers[@]}"; do
    if [ -d "$migrations/$p" ]; then find "$migrations/$p" -mindepth 1 -maxdepth 1 -type d -printf '%f\n'; fi
  done | sort -u
}

[ $# -eq 1 ] || die "usage: npm run db:migration -- <name>   (letters, digits, _ or -)"
name="$(printf '%s' "$1" | tr 'A-Z-' 'a-z_')"
[[ "$name" =~ ^[a-z0-9_]+$ ]] || die "invalid name '$1': use letters, digits, _ or -"

# The old side of the diff: the snapshot saved with the last migration, or nothing before the first one.
existing="$(list_migrations | wc -l)"
if [ -f "$snapshot" ]; then
  from="snapshot"
elif [ "$existing" -eq 0 ]; then
  from="empty"
else
  die "migrations exist but $snapshot is missing; restore it from git (the schema as of the last migration)"
fi

# Install the tools folder when missing or stale. Install scripts are skipped: prisma's would download engines.
if [ ! -f "$tools/node_modules/prisma/package.json" ] || [ "$tools/package.json" -nt "$tools/node_modules/.package-lock.json" ]; then
  echo "new-migration: installing tools/prisma-migrate (Prisma 6, used only to diff schemas)"
  npm install --prefix "$tools" --ignore-scripts --no-audit --no-fund >/dev/null
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Rewrites a Prisma 7 schema into one Prisma 6 accepts, for the given provider.
to_prisma6() { # <in> <provider> <out>
  node - "$1" "$2" "$3" <<'EOF'
const fs = require("node:fs");
const [src, provider, out] = process.argv.slice(2);
let s = fs.readFileSync(src, "utf8");
let datasources = 0;
s = s.replace(/^generator\s+(\w+)\s*\{[\s\S]*?^\}/gm, (_m, name) =>
  `generator ${name} {\n  provider   = "prisma-client-js"\n  engineType = "client"\n}`);
s = s.replace(/^datasource\s+(\w+)\s*\{([\s\S]*?)^\}/gm, (_m, name, body) => {
  datasources++;
  const kept = body.split("\n").filter((l) => l.trim() && !/^\s*(provider|url|directUrl|shadowDatabaseUrl)\s*=/.test(l));
  return [`datasource ${name} {`, `  provider = "${provider}"`, `  url      = env("DATABASE_URL")`, ...kept, "}"].join("\n");
});
if (datasources !== 1) throw new Error(`expected one datasource block in ${src}, found ${datasources}`);
fs.writeFileSync(out, s);
EOF
}

# Diffs old -> new for one provider into $tmp/<provider>.sql; returns 0 when there are changes, 1 when none.
diff_provider() { # <provider>
  local provider="$1" url
  url=$([ "$provider" = sqlite ] && echo "file:./unused.db" || echo "postgresql://unused@localhost:1/unused")
  to_prisma6 "$schema" "$provider" "$tmp/new.$provider.prisma" || die "could not prepare $schema for Prisma 6"
  local from_args=(--from-empty)
  if [ "$from" = snapshot ]; then
    to_prisma6 "$snapshot" "$provider" "$tmp/old.$provider.prisma" || die "could not prepare $snapshot for Prisma 6"
    from_args=(--from-schema-datamodel "$tmp/old.$provider.prisma")
  fi
  local rc=0
  (cd "$tools" && HAVEN_MIGRATE_SCHEMA="$tmp/new.$provider.prisma" DATABASE_URL="$url" \
    PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1 PRISMA_DISABLE_WARNINGS=1 \
    ./node_modules/.bin/prisma migrate diff "${from_args[@]}" --to-schema-datamodel "$tmp/new.$provider.prisma" \
      --script --exit-code >"$tmp/$provider.sql" 2>"$tmp/$provider.err") || rc=$?
  case "$rc" in
    0) return 1 ;;
    2) return 0 ;;
    *) grep -v '^Loaded Prisma config' "$tmp/$provider.err" >&2; die "prisma migrate diff failed for $provider" ;;
  esac
}

changed=0
for p in "${providers[@]}"; do
  if diff_provider "$p"; then changed=1; fi
done
if [ "$changed" -eq 0 ]; then
  echo "new-migration: prisma/schema.prisma has no changes since the last migration; nothing written"
  exit 0
fi

folder="$(date -u +%Y%m%d%H%M%S)_$name"
last="$(list_migrations | tail -n 1)"
if [ -n "$last" ] && [[ ! "$folder" > "$last" ]]; then
  die "new folder $folder would not sort after the latest migration $last (check the clock)"
fi
for p in "${providers[@]}"; do
  dir="$migrations/$p/$folder"
  mkdir -p "$dir"
  if [ -s "$tmp/$p.sql" ] && ! grep -q '^-- This is an empty migration' "$tmp/$p.sql"; then
    cp "$tmp/$p.sql" "$dir/migration.sql"
  else
    echo "-- No change for $p in this migration." >"$dir/migration.sql"
  fi
  # Lets Prisma's own CLI read the folder too (prisma.config.ts `migrations.path`).
  printf '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "%s"\n' "$p" \
    >"$migrations/$p/migration_lock.toml"
  echo "new-migration: wrote prisma/migrations/$p/$folder/migration.sql"
done
cp "$schema" "$snapshot"
echo "new-migration: saved prisma/migrations/schema.snapshot.prisma; review the SQL before committing"
