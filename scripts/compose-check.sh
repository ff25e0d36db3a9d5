#!/usr/bin/env bash
# Brings docker-compose.yml's scaled-out deployment up for real without a container registry, and checks it: two
# Haven instances behind nginx on PostgreSQL, an S3 server and Redis. The Haven image is built from the Dockerfile on
# the local Debian base images; the other services are deploy/compose.local.yml's Debian-package stand-ins
# (scripts/docker-base.sh services). Through the proxy it checks /api/health, first-run setup, a sign-in and a tus
# upload + download (scripts/docker-check.ts); then that each instance answers on its own, that the upload's bytes
# are objects in the S3 bucket and counted on the S3 policy, and tears everything down (volumes included).
# Usage (root): bash scripts/compose-check.sh      HAVEN_HTTP_PORT (default 8080) moves the proxy's port;
#   HAVEN_IMAGE_REUSE=1 runs the localhost/haven:latest image already built instead of building the code as it is.
# Uses deploy/haven.env when it exists; otherwise writes one with random secrets for the run and removes it after.
#
# Sandbox notes, beyond scripts/container-lib.sh's: Debian's docker-compose (1.29) drives podman through podman's
# Docker-compatible API socket; podman's defaults (runtime, ulimits) come from a containers.conf given to that
# service; podman runs health checks from systemd timers, absent here, so this script runs them while waiting.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/container-lib.sh
require_container_tools mmdebstrap podman runc iptables docker-compose
port="${HAVEN_HTTP_PORT:-8080}"
export HAVEN_HTTP_PORT="$port"
work="$(mktemp -d /tmp/haven-compose-check.XXXXXX)"
project=havencheck
compose=(docker-compose -p "$project" -f docker-compose.yml -f deploy/compose.local.yml)
say() { echo "compose-check: $*"; }

created_env=""
if [ ! -f deploy/haven.env ]; then
  secret() { node -e 'console.log(require("crypto").randomBytes(24).toString("base64url"))'; }
  sed -e "s|^AUTH_URL=.*|AUTH_URL=http://127.0.0.1:$port|" -e "s|^AUTH_SECRET=.*|AUTH_SECRET=$(secret)|" \
    -e "s|^HAVEN_SECRET_KEY=.*|HAVEN_SECRET_KEY=$(secret)|" deploy/haven.env.example >deploy/haven.env
  s3_secret=$(secret)
  sed -i -e "s|^S3_SECRET_KEY=.*|S3_SECRET_KEY=$s3_secret|" -e "s|^MINIO_ROOT_PASSWORD=.*|MINIO_ROOT_PASSWORD=$s3_secret|" deploy/haven.env
  created_env=deploy/haven.env
fi

podman image exists localhost/haven-services:bookworm || bash scripts/docker-base.sh services
[ "${HAVEN_IMAGE_REUSE:-}" = 1 ] && podman image exists localhost/haven:latest || build_haven_image localhost/haven:latest

cat >"$work/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=$container_nofile:$container_nofile", "nproc=32768:32768"]
[engine]
runtime = "${container_runtime[1]}"
CONF
CONTAINERS_CONF="$work/containers.conf" podman system service --time=0 "unix://$work/podman.sock" >"$work/podman.log" 2>&1 &
service_pid=$!
export DOCKER_HOST="unix://$work/podman.sock"
for _ in $(seq 1 50); do [ -S "$work/podman.sock" ] && break; sleep 0.1; done

health_pid=""
cleanup() {
  [ -n "$health_pid" ] && kill "$health_pid" 2>/dev/null
  if [ "${status:-1}" != 0 ]; then "${compose[@]}" logs --tail 20 2>&1 | sed 's/^/  /' || true; fi
  "${compose[@]}" down -v >/dev/null 2>&1 || true
  kill "$service_pid" 2>/dev/null || true
  [ -n "$created_env" ] && rm -f "$created_env"
  rm -rf "$work"
}
trap cleanup EXIT

# Runs the health checks of containers still starting, every 2 s, while compose waits on them.
(while true; do
  for id in $(podman ps -q --filter health=starting 2>/dev/null); do podman healthcheck run "$id" >/dev/null 2>&1 || true; done
  sleep 2
done) &
health_pid=$!

say "starting the deployment ($project) on 127.0.0.1:$port"
"${compose[@]}" up -d --no-build
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && break
  sleep 1
done
"${compose[@]}" ps

node --import ./scripts/shims/hooks.mjs --import tsx scripts/docker-check.ts "http://127.0.0.1:$port" | sed 's/^docker-check/compose-check/'
proxy="$("${compose[@]}" ps -q proxy)"
for instance in haven-1 haven-2; do
  say "$instance on its own: $(podman exec "$proxy" curl -fsS "http://$instance:3000/api/health")"
done
say "storage policies, from haven-2:"
"${compose[@]}" exec -T haven-2 node dist/cli.mjs policy:list
objects=$("${compose[@]}" exec -T s3 /opt/haven-local/services.sh s3-list | grep -o '<Key>[^<]*</Key>' | wc -l)
say "objects in the S3 bucket: $objects"
[ "$objects" -ge 1 ] || { say "FAILED: the upload left no object in the bucket"; exit 1; }
status=0
say "OK"
