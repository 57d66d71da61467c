#!/usr/bin/env bash
# Makes a PostgreSQL server answer on 127.0.0.1:5432 with role and database "kith", then prints
# the connection string. Idempotent: safe on a machine where some or all of it already exists.
# Installs Debian's postgresql package when no server is installed.
set -euo pipefail

URL="postgresql://kith:kith@127.0.0.1:5432/kith"
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -c "$1"; else sudo -u postgres bash -c "$1"; fi; }

if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    echo "[ci] PostgreSQL is not installed: installing Debian's package" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2
  fi
  version="$(ls /etc/postgresql | sort -V | tail -1)"
  echo "[ci] starting PostgreSQL $version" >&2
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2
  for _ in $(seq 1 50); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 0.2; done
  pg_isready -h 127.0.0.1 -p 5432 >&2
fi

# CREATEDB: `npm run bench:indexer` gives each run a database of its own (bench/README.md).
role="$(as_postgres "psql -tAc \"SELECT CASE WHEN rolcreatedb THEN 'createdb' ELSE 'plain' END FROM pg_roles WHERE rolname='kith'\"")"
case "$role" in
  createdb) ;;
  plain) as_postgres "psql -q -c \"ALTER ROLE kith CREATEDB\"" >&2 ;;
  *) as_postgres "psql -q -c \"CREATE ROLE kith LOGIN CREATEDB PASSWORD 'kith'\"" >&2 ;;
esac
as_postgres "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='kith'\"" | grep -q 1 \
  || as_postgres "createdb -O kith kith" >&2

echo "$URL"
