#!/usr/bin/env bash
# The entry point of localhost/haven-services:bookworm (scripts/docker-base.sh services), the registry-free stand-ins
# for docker-compose.yml's PostgreSQL, S3 server, Redis and reverse proxy (deploy/compose.local.yml). One role each:
#   services.sh postgres   PostgreSQL 15 on :5432, as the official image does with POSTGRES_USER/_PASSWORD/_DB
#   services.sh s3         Ceph radosgw on :9000 (one monitor, one memstore OSD: objects live in RAM and are gone
#                          when the container stops; a stand-in for a test run, not a place to keep files)
#   services.sh s3-init    creates the bucket $S3_BUCKET (default haven) once the S3 server answers
#   services.sh s3-list    (in the s3 container) lists the bucket's objects: ListObjectsV2's XML
#   services.sh redis      Redis on :6379, nothing kept on disk
#   services.sh proxy      nginx with /etc/nginx/conf.d/default.conf (deploy/nginx.conf)
set -euo pipefail

postgres() {
  local bin=/usr/lib/postgresql/15/bin data=/var/lib/postgresql/data
  mkdir -p "$data" /run/postgresql
  chown -R postgres:postgres "$data" /run/postgresql
  chmod 700 "$data"
  if [ ! -s "$data/PG_VERSION" ]; then
    local pwfile
    pwfile=$(mktemp)
    printf '%s' "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}" >"$pwfile"
    chown postgres "$pwfile"
    su postgres -s /bin/sh -c "$bin/initdb -D $data -U ${POSTGRES_USER:-postgres} --pwfile=$pwfile --auth-local=trust --auth-host=scram-sha-256" >/dev/null
    rm -f "$pwfile"
    echo "listen_addresses = '*'" >>"$data/postgresql.conf"
    echo "host all all 0.0.0.0/0 scram-sha-256" >>"$data/pg_hba.conf"
    if [ -n "${POSTGRES_DB:-}" ] && [ "$POSTGRES_DB" != postgres ]; then
      su postgres -s /bin/sh -c "$bin/postgres --single -D $data -c listen_addresses='' postgres" >/dev/null <<<"CREATE DATABASE \"$POSTGRES_DB\" OWNER \"${POSTGRES_USER:-postgres}\";"
    fi
  fi
  exec su postgres -s /bin/sh -c "exec $bin/postgres -D $data"
}

s3() {
  RADOSGW_PORT=9000 RADOSGW_MON_PORT=6789 RADOSGW_BIND=0.0.0.0 \
    RADOSGW_ACCESS_KEY="${S3_ACCESS_KEY:?S3_ACCESS_KEY is required}" RADOSGW_SECRET_KEY="${S3_SECRET_KEY:?S3_SECRET_KEY is required}" \
    bash /opt/haven-local/radosgw.sh start /var/lib/haven-s3 >/dev/null
  echo "s3: radosgw listening on :9000"
  # The daemons fork into the background: this process stays the container's life and its log.
  exec tail -F /var/lib/haven-s3/log/client.rgw.a.log
}

# curl signs with AWS SigV4; S3 also wants the body's SHA-256 in a header (here: of the empty body).
s3_curl() {
  curl --aws-sigv4 "aws:amz:us-east-1:s3" --user "${S3_ACCESS_KEY}:${S3_SECRET_KEY}" \
    -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" "$@"
}

s3_init() {
  local url="${S3_INTERNAL_URL:-http://s3:9000}/${S3_BUCKET:-haven}" status
  for _ in $(seq 1 120); do
    status=$(s3_curl -s -o /dev/null -w '%{http_code}' -X PUT "$url" || true)
    # 200: created; 409: it exists already (a re-run)
    case "$status" in 200 | 409) echo "s3-init: bucket $url ready ($status)"; return 0 ;; esac
    sleep 1
  done
  echo "s3-init: the S3 server did not create $url (last status $status)" >&2
  return 1
}

case "${1:-}" in
  postgres) postgres ;;
  s3) s3 ;;
  s3-init) s3_init ;;
  s3-list) s3_curl -fsS "http://127.0.0.1:9000/${S3_BUCKET:-haven}?list-type=2" ;;
  redis) exec redis-server --bind 0.0.0.0 --protected-mode no --save "" --appendonly no ;;
  proxy) exec nginx -g 'daemon off;' ;;
  *) echo "usage: $0 postgres|s3|s3-init|redis|proxy" >&2; exit 2 ;;
esac
