#!/usr/bin/env bash
# Proves the Docker image without a registry: builds the base images from Debian packages (scripts/docker-base.sh,
# skipped when they exist), builds the Dockerfile with them as build arguments (podman), runs the image with a volume
# for /data, and checks /api/health, first-run setup, a sign-in and a tus upload + download through the container
# (scripts/docker-check.ts). Also runs the admin CLI inside the container.
# Usage (root): bash scripts/docker-check.sh          HAVEN_IMAGE=localhost/haven:check to name the image
# The sandbox's podman flags are explained in scripts/container-lib.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/container-lib.sh
require_container_tools mmdebstrap podman runc
image="${HAVEN_IMAGE:-localhost/haven:check}"
name="haven-check-$$"
volume="haven-check-$$"
runtime=("${container_runtime[@]}")
ulimits=("${container_ulimits[@]}")

build_haven_image "$image"

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
cleanup() {
  podman logs "$name" 2>&1 | tail -n 30 | sed 's/^/  container: /' || true
  podman rm -f "$name" >/dev/null 2>&1 || true
  podman volume rm -f "$volume" >/dev/null 2>&1 || true
}
trap cleanup EXIT
echo "docker-check: running $image on 127.0.0.1:$port"
podman run -d --name "$name" "${runtime[@]}" "${ulimits[@]}" --network host -e PORT="$port" -e HOST=127.0.0.1 \
  -e AUTH_URL="http://127.0.0.1:$port" -v "$volume:/data" "$image" >/dev/null
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && break
  sleep 1
done
node --import ./scripts/shims/hooks.mjs --import tsx scripts/docker-check.ts "http://127.0.0.1:$port"
echo "docker-check: admin CLI inside the container:"
podman exec "$name" node dist/cli.mjs user:list
podman exec "$name" node dist/cli.mjs fsck | tail -n 1
# The image's HEALTHCHECK, run once by hand (podman schedules it with systemd timers, absent in a sandbox).
podman healthcheck run "$name" && echo "docker-check: the image's HEALTHCHECK passes"
echo "docker-check: image $(podman image inspect "$image" --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}')"
echo "docker-check: OK"
