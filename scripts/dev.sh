#!/usr/bin/env bash
# `npm run dev`: the custom server from sources under tsx, with Next.js in dev mode.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$HAVEN_ROOT"
ensure_node_modules
ensure_prisma_clients
exec node --import ./scripts/shims/hooks.mjs --import tsx server/index.ts
