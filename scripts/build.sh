#!/usr/bin/env bash
# Production build: the Next.js app (.next/) and the custom server bundle (dist/server.mjs).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$HAVEN_ROOT"
ensure_node_modules
ensure_prisma_clients
log "building the web app"
NEXT_TELEMETRY_DISABLED=1 npx --no-install next build
log "bundling the server"
mkdir -p dist
npx --no-install esbuild server/index.ts --bundle --platform=node --format=esm --target=node20 \
  --packages=external --alias:server-only=./scripts/shims/empty.mjs --tsconfig=tsconfig.json \
  --outfile=dist/server.mjs --log-level=warning
npx --no-install esbuild scripts/cli.ts --bundle --platform=node --format=esm --target=node20 \
  --packages=external --alias:server-only=./scripts/shims/empty.mjs --tsconfig=tsconfig.json \
  --outfile=dist/cli.mjs --log-level=warning
# Worker threads load their own file: the PDF page renderer sits beside the bundles (lib/media/pdf-worker.ts finds it).
cp lib/media/pdf-render.worker.mjs dist/
# --packages=external would silently keep an unresolvable "@/…" import as a package: refuse that.
if grep -l 'from "@/' dist/server.mjs dist/cli.mjs; then echo "unresolved @/ imports in the server bundle" >&2; exit 1; fi
touch dist/.build-stamp
log "build done"
