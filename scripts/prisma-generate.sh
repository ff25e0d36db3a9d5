#!/usr/bin/env bash
# Generates one Prisma client per provider from prisma/schema.prisma (the provider is baked into a client).
# `prisma generate` never runs the schema engine, but Prisma 7 wants the variable to name an existing file.
set -euo pipefail
cd "$(dirname "$0")/.."
out=prisma/.build
mkdir -p "$out"
for provider in sqlite postgresql; do
  folder=$([ "$provider" = postgresql ] && echo postgres || echo sqlite)
  sed -e "s|provider = \"sqlite\"|provider = \"$provider\"|" \
      -e "s|output       = \"../lib/db/generated/sqlite\"|output       = \"../../lib/db/generated/$folder\"|" \
      prisma/schema.prisma > "$out/$provider.prisma"
  PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$(command -v node)}" \
    PRISMA_HIDE_UPDATE_MESSAGE=1 npx --no-install prisma generate --schema "$out/$provider.prisma" >/dev/null
done
echo "prisma clients generated (sqlite, postgres)"
