# Shared by scripts/docker-check.sh and scripts/compose-check.sh: the podman flags this sandbox needs and the
# registry-free image build. Sourced, not run.
#
# Sandbox notes (what these flags are for; a normal Docker or Podman host needs none of them):
# - runc, not crun: crun refuses cgroup v1/hybrid hosts ("cgroups in hybrid mode not supported").
# - explicit ulimits: podman's defaults (nofile 1048576) exceed the hard limits here, and without CAP_SYS_RESOURCE
#   setrlimit fails ("setrlimit `RLIMIT_NOFILE`: Operation not permitted").
# - --network host for the build: npm install reaches the npm registry the way the host does.

# Installs (as root) or names what is missing; every argument is a command.
require_container_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null && continue
    [ "$(id -u)" = 0 ] && apt-get install -y --no-install-recommends mmdebstrap podman buildah runc iptables docker-compose >/dev/null && continue
    echo "$(basename "$0"): $tool is missing (apt-get install mmdebstrap podman buildah runc iptables docker-compose)" >&2
    exit 1
  done
}

container_runtime=(--runtime "$(command -v runc >/dev/null && echo runc || echo crun)")
container_nofile=$(($(ulimit -Hn) < 65536 ? $(ulimit -Hn) : 65536))
container_ulimits=(--ulimit "nofile=$container_nofile:$container_nofile" --ulimit nproc=32768:32768)

# Builds the Dockerfile as image $1 on the local base images (made from Debian packages when missing).
build_haven_image() {
  local image=$1
  if ! podman image exists localhost/haven-base:bookworm || ! podman image exists localhost/haven-build-base:bookworm; then
    bash scripts/docker-base.sh
  fi
  echo "$(basename "$0"): building $image"
  # --format docker: the OCI format has no HEALTHCHECK (podman drops it with a warning).
  podman build "${container_runtime[@]}" "${container_ulimits[@]}" --network host --format docker \
    --build-arg BUILD_IMAGE=localhost/haven-build-base:bookworm --build-arg BASE_IMAGE=localhost/haven-base:bookworm \
    -t "$image" .
}
