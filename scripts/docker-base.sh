#!/usr/bin/env bash
# Builds Haven's container base images from Debian packages with mmdebstrap, so the image builds without pulling
# anything from a container registry:
#   localhost/haven-base:bookworm        Debian bookworm minbase + ca-certificates + Node (runtime stage)
#   localhost/haven-build-base:bookworm  the same + python3, make, g++ and Node's headers (better-sqlite3 compiles
#                                        from source), trusting this machine's extra CAs for npm (never shipped)
#   localhost/haven-services:bookworm    (only when named) Debian's PostgreSQL, Redis, nginx and Ceph radosgw: the
#                                        registry-free stand-ins for docker-compose.yml's services
#                                        (deploy/compose.local.yml, scripts/compose-check.sh)
# Usage: bash scripts/docker-base.sh [all|runtime|build|services]   (root; needs mmdebstrap and podman: apt-get install mmdebstrap podman buildah runc)
#
# Node: Debian bookworm's nodejs is 18.20, and Next 16 needs Node >= 20.9, so the base gets this machine's own node
# binary and npm (the version every test here runs on), copied in. It links only against glibc and libstdc++, which
# the bookworm base has. Set NODE_BIN / NPM_DIR to copy another build.
set -euo pipefail
cd "$(dirname "$0")/.."

suite="${DEBIAN_SUITE:-bookworm}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
node_bin="$(readlink -f "${NODE_BIN:-$(command -v node)}")"
npm_dir="${NPM_DIR:-$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")}"
runtime_packages="ca-certificates,passwd,libstdc++6,ffmpeg"
build_packages="$runtime_packages,python3,make,g++"

for tool in mmdebstrap podman; do
  command -v "$tool" >/dev/null || { echo "docker-base: $tool is missing (apt-get install -y mmdebstrap podman buildah runc)" >&2; exit 1; }
done
echo "docker-base: node $("$node_bin" --version) from $node_bin, npm $(node "$npm_dir/bin/npm-cli.js" --version) from $npm_dir"

# One image: a Debian rootfs with the given packages and Node + npm under /usr/local, imported into podman;
# further arguments are extra mmdebstrap options.
build_base() {
  local name="$1" packages="$2"
  shift 2
  echo "docker-base: building $name ($packages)"
  mmdebstrap --variant=minbase --include="$packages" "$@" \
    --customize-hook="copy-in $node_bin /usr/local/bin" \
    --customize-hook="mkdir -p \"\$1/usr/local/lib/node_modules\"" \
    --customize-hook="copy-in $npm_dir /usr/local/lib/node_modules" \
    --customize-hook="ln -sf ../lib/node_modules/npm/bin/npm-cli.js \"\$1/usr/local/bin/npm\"" \
    --customize-hook="ln -sf ../lib/node_modules/npm/bin/npx-cli.js \"\$1/usr/local/bin/npx\"" \
    --customize-hook="chroot \"\$1\" node --version" \
    --customize-hook="rm -rf \"\$1/var/lib/apt/lists\"/* \"\$1/var/cache/apt\"/*.bin" \
    "$suite" - "$mirror" |
    podman import --change 'CMD ["node"]' --change 'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change "ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt" - "$name"
}

# node-gyp compiles against the headers beside the node binary (<prefix>/include/node) instead of downloading them.
node_headers="$(dirname "$(dirname "$node_bin")")/include/node"
build_hooks=(
  --customize-hook="mkdir -p \"\$1/usr/local/include\" \"\$1/usr/local/etc\""
  --customize-hook="copy-in $node_headers /usr/local/include"
  --customize-hook="echo nodedir=/usr/local > \"\$1/usr/local/etc/npmrc\""
)
# A proxy that re-signs TLS (as on CI sandboxes) needs its CA inside the build, for npm install.
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  build_hooks+=(
    --customize-hook="copy-in $(echo /usr/local/share/ca-certificates/*.crt) /usr/local/share/ca-certificates"
    --customize-hook="chroot \"\$1\" update-ca-certificates"
  )
fi

# Debian's nginx enables a default site that would take every request on port 80 before the proxy's own; Debian's
# postgresql makes a cluster of its own (on 5433 when the build host has 5432 taken), which would make pg_isready
# look there: deploy/local/services.sh makes the server the compose file expects instead.
services_packages="ca-certificates,passwd,procps,curl,postgresql,redis-server,nginx,radosgw,ceph-mon,ceph-osd"
services_hooks=(
  --customize-hook="rm -f \"\$1/etc/nginx/sites-enabled/default\""
  --customize-hook="chroot \"\$1\" pg_dropcluster 15 main"
)

case "${1:-all}" in
  all | runtime) build_base localhost/haven-base:bookworm "$runtime_packages" ;;&
  all | build) build_base localhost/haven-build-base:bookworm "$build_packages" "${build_hooks[@]}" ;;
  services) build_base localhost/haven-services:bookworm "$services_packages" "${services_hooks[@]}" ;;
  runtime | all | build) ;;
  *) echo "usage: $0 [all|runtime|build|services]" >&2; exit 2 ;;
esac
podman images --filter reference='localhost/haven-*'
