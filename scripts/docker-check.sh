#!/usr/bin/env bash
# Proves the Docker image without a registry: builds the base images from Debian packages (scripts/docker-base.sh,
# skipped when they exist), builds the Dockerfile with them as build arguments (podman), runs the image with a volume
# for /data, and checks /api/health, first-run setup, a sign-in and a tus upload + download through the container
# (scripts/docker-check.ts). Also runs the admin CLI inside the container.
# Usage (root): bash scripts/docker-check.sh          HAVEN_IMAGE=localhost/haven:check to name the image
#
# Sandbox notes (what these flags are for; a normal Docker or Podman host needs none of them):
# - runc, not crun: crun refuses cgroup v1/hybrid hosts ("cgroups in hybrid mode not supported").
# - explicit --ulimit: podman's defaults (nofile 1048576) exceed the hard limits here, and without CAP_SYS_RESOURCE
#   setrlimit fails ("setrlimit `RLIMIT_NOFILE`: Operation not permitted").
# - --network host: the build's npm install reaches the npm registry the way the host does.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in mmdebstrap podman runc; do
  command -v "$tool" >/dev/null && continue
  [ "$(id -u)" = 0 ] && apt-get install -y --no-install-recommends mmdebstrap podman buildah runc >/dev/null && break
  echo "docker-check: $tool is missing (apt-get install mmdebstrap podman buildah runc)" >&2
  exit 1
done
image="${HAVEN_IMAGE:-localhost/haven:check}"
name="haven-check-$$"
volume="haven-check-$$"
runtime=(--runtime "$(command -v runc >/dev/null && echo runc || echo crun)")
nofile=$(( $(ulimit -Hn) < 65536 ? $(ulimit -Hn) : 65536 ))
ulimits=(--ulimit "nofile=$nofile:$nofile" --ulimit nproc=32768:32768)

if ! podman image exists localhost/haven-base:bookworm || ! podman image exists localhost/haven-build-base:bookworm; then
  bash scripts/docker-base.sh
fi

echo "docker-check: building $image"
# --format docker: the OCI format has no HEALTHCHECK (podman drops it with a warning).
podman build "${runtime[@]}" "${ulimits[@]}" --network host --format docker \
  --build-arg BUILD_IMAGE=localhost/haven-build-base:bookworm --build-arg BASE_IMAGE=localhost/haven-base:bookworm \
  -t "$image" .

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
