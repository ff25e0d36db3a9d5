#!/usr/bin/env bash
# A throwaway S3 server for tests and benchmarks: a single-node Ceph (one monitor, one memstore OSD: data in RAM)
# with radosgw on 127.0.0.1, from Debian's packages (installed with apt-get when missing and running as root).
#
#   scripts/radosgw.sh start [DIR]   starts it in DIR (default: a new temp dir), prints `export …` lines for
#                                    HAVEN_TEST_S3_ENDPOINT / _ACCESS_KEY / _SECRET_KEY / RADOSGW_DIR, and writes
#                                    them to DIR/env as well. `eval "$(scripts/radosgw.sh start)"` uses it.
#   scripts/radosgw.sh stop DIR      kills its daemons and removes DIR.
#
# Env: RADOSGW_PORT and RADOSGW_MON_PORT (default: free ports), RADOSGW_ACCESS_KEY / RADOSGW_SECRET_KEY,
# RADOSGW_MEMSTORE_BYTES (the OSD's RAM capacity; default 4 GiB, used only as data is written), RADOSGW_BIND (the
# address radosgw listens on; default 127.0.0.1, 0.0.0.0 in a container that other containers reach).
# Facts behind each setting: /work/shared/recipes/s3-radosgw.md (Ceph 16 "pacific").
set -Eeuo pipefail
trap 'say "failed at line $LINENO: $BASH_COMMAND"' ERR

say() { printf 'radosgw: %s\n' "$*" >&2; }

free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

ensure_packages() {
  command -v radosgw >/dev/null && command -v ceph-mon >/dev/null && command -v ceph-osd >/dev/null && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing Debian's radosgw, ceph-mon and ceph-osd"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends radosgw ceph-mon ceph-osd) >&2
  fi
  command -v radosgw >/dev/null && command -v ceph-mon >/dev/null && command -v ceph-osd >/dev/null || {
    say "radosgw, ceph-mon and ceph-osd are not installed (run as root with apt-get, or install them)"
    return 1
  }
}

# Waits up to $1 seconds for the command that follows (a program, not a function: each try runs under timeout) to succeed.
wait_for() {
  local seconds=$1; shift
  local deadline=$((SECONDS + seconds))
  while [ $SECONDS -lt $deadline ]; do timeout 5 "$@" >/dev/null 2>&1 && return 0; sleep 0.25; done
  return 1
}

# The daemons must not inherit the caller's descriptors: started under `flock /work/locks/heavy …`, they would hold
# that lock for as long as they run (found in session 6: every heavy job waited on a running radosgw).
close_inherited_fds() {
  local fd
  for fd in /proc/$$/fd/*; do
    fd=${fd##*/}
    [ "$fd" -gt 2 ] && eval "exec $fd>&-" 2>/dev/null
  done
  return 0
}

start() {
  close_inherited_fds
  ensure_packages
  local dir=${1:-$(mktemp -d /tmp/haven-radosgw.XXXXXX)}
  mkdir -p "$dir"/{run,log,mon,osd,rgw}
  dir=$(cd "$dir" && pwd)
  local mon_port=${RADOSGW_MON_PORT:-$(free_port)} rgw_port=${RADOSGW_PORT:-$(free_port)}
  local access=${RADOSGW_ACCESS_KEY:-haven-test-access} secret=${RADOSGW_SECRET_KEY:-haven-test-secret-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')}
  local fsid conf=$dir/ceph.conf
  fsid=$(cat /proc/sys/kernel/random/uuid)
  cat >"$conf" <<EOF
[global]
fsid = $fsid
mon host = v1:127.0.0.1:$mon_port
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind msgr2 = false
auth cluster required = none
auth service required = none
auth client required = none
run dir = $dir/run
admin socket = $dir/run/\$name.asok
log file = $dir/log/\$name.log
pid file = $dir/run/\$name.pid
keyring = $dir/keyring
osd objectstore = memstore
memstore device bytes = ${RADOSGW_MEMSTORE_BYTES:-4294967296}
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon allow pool size one = true
mon warn on pool no redundancy = false
osd crush chooseleaf type = 0
osd op num shards = 1
osd op num threads per shard = 2
mon osd full ratio = 0.99
mon osd backfillfull ratio = 0.99
mon osd nearfull ratio = 0.98
osd failsafe full ratio = 0.995

[mon.a]
mon data = $dir/mon/a

[osd]
osd data = $dir/osd/\$id

[client.rgw.a]
rgw frontends = beast endpoint=${RADOSGW_BIND:-127.0.0.1}:$rgw_port
rgw dns name = 127.0.0.1
rgw data = $dir/rgw
EOF
  local c=(-c "$conf")
  ceph-authtool "${c[@]}" --create-keyring "$dir/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
  ceph-authtool "${c[@]}" "$dir/keyring" --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' >/dev/null
  # --addv with an explicit v1 address: plain --add treats any port but 6789 as msgr2, which is off here.
  monmaptool --create --fsid "$fsid" --addv a "[v1:127.0.0.1:$mon_port]" "$dir/monmap" >/dev/null
  ceph-mon "${c[@]}" --mkfs -i a --monmap "$dir/monmap" --keyring "$dir/keyring" 2>>"$dir/log/setup.log"
  ceph-mon "${c[@]}" -i a
  wait_for 30 ceph "${c[@]}" --connect-timeout 5 mon stat || { say "the monitor did not start (see $dir/log)"; kill_daemons "$dir"; return 1; }
  local osd_id osd_uuid
  osd_uuid=$(cat /proc/sys/kernel/random/uuid)
  osd_id=$(timeout 30 ceph "${c[@]}" osd create "$osd_uuid")
  mkdir -p "$dir/osd/$osd_id"
  wait_for 30 bash -c "ceph -c '$conf' osd dump | grep -q '^osd.$osd_id .*$osd_uuid'"
  ceph-osd "${c[@]}" -i "$osd_id" --mkfs --osd-uuid "$osd_uuid" 2>>"$dir/log/setup.log" >/dev/null
  # The first start now and then fails with "wrong fsid" while the monitor settles its map: try again.
  local try
  for try in 1 2 3 4 5; do
    ceph-osd "${c[@]}" -i "$osd_id" 2>>"$dir/log/setup.log" && break
    [ "$try" = 5 ] && { say "the OSD did not start (see $dir/log)"; kill_daemons "$dir"; return 1; }
    sleep 2
  done
  wait_for 60 bash -c "ceph -c '$conf' osd stat | grep -q '1 up'" || { say "the OSD did not come up (see $dir/log)"; kill_daemons "$dir"; return 1; }
  radosgw "${c[@]}" -n client.rgw.a
  wait_for 60 bash -c "exec 3<>/dev/tcp/127.0.0.1/$rgw_port" || { say "radosgw did not listen on $rgw_port (see $dir/log)"; kill_daemons "$dir"; return 1; }
  radosgw-admin "${c[@]}" -n client.rgw.a user create --uid=haven-test --display-name="Haven tests" \
    --access-key="$access" --secret="$secret" >/dev/null 2>>"$dir/log/setup.log"
  cat >"$dir/env" <<EOF
export HAVEN_TEST_S3_ENDPOINT=http://127.0.0.1:$rgw_port
export HAVEN_TEST_S3_ACCESS_KEY=$access
export HAVEN_TEST_S3_SECRET_KEY=$secret
export RADOSGW_DIR=$dir
EOF
  cat "$dir/env"
  say "started at http://127.0.0.1:$rgw_port (monitor on $mon_port, state in $dir)"
}

stop() {
  local dir=${1:?usage: radosgw.sh stop DIR}
  [ -f "$dir/ceph.conf" ] || { say "$dir is not a radosgw.sh directory"; return 1; }
  kill_daemons "$dir"
  rm -rf "$dir"
}

# Stops the daemons and keeps DIR (its logs explain a failed start).
kill_daemons() {
  local dir=$1 pidfile pid
  for name in client.rgw.a osd mon.a; do
    for pidfile in "$dir"/run/"$name"*.pid; do
      [ -f "$pidfile" ] || continue
      pid=$(cat "$pidfile")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -9 "$pid" 2>/dev/null || true
    done
  done
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: $0 start [DIR] | stop DIR" >&2; exit 2 ;;
esac
