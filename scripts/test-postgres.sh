#!/usr/bin/env bash
# Starts Debian's PostgreSQL cluster (as root) and creates the database the store's PostgreSQL
# tests use; prints the JDBC URL to export as MINTERNET_TEST_POSTGRES_URL. Used by .ci/run.
set -euo pipefail
cluster="$(pg_lsclusters -h 2>/dev/null | head -n 1)"
[ -n "$cluster" ] || { echo "no PostgreSQL cluster (apt-get install postgresql)" >&2; exit 1; }
read -r ver name port status _ <<<"$cluster"
# everything but the URL goes to stderr: the caller captures stdout
[ "$status" = online ] || pg_ctlcluster "$ver" "$name" start >&2
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 1
done
runuser -u postgres -- psql -p "$port" -qc "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='minternet') THEN CREATE ROLE minternet LOGIN PASSWORD 'minternet'; END IF; END\$\$;" >&2
runuser -u postgres -- psql -p "$port" -tAc "SELECT 1 FROM pg_database WHERE datname='minternet_test'" | grep -q 1 \
  || runuser -u postgres -- createdb -p "$port" -O minternet minternet_test >&2
echo "jdbc:postgresql://127.0.0.1:$port/minternet_test?user=minternet&password=minternet"
