#!/usr/bin/env bash
# Run a command against PostgreSQL. With DATABASE_URL set, use it as it is; otherwise
# start a throwaway cluster (initdb in a temporary folder, a free port on loopback,
# UTF-8 with a UTF-8 ctype so trigram indexes see Chinese), export DATABASE_URL, run the
# command, and remove the cluster afterwards. Works as root (the cluster runs as the
# 'postgres' system user, or 'nobody') and as a normal user.
set -euo pipefail

if [ -n "${DATABASE_URL:-}" ]; then
  exec "$@"
fi

find_bin() {
  local name=$1 dir
  if command -v "$name" >/dev/null 2>&1 && "$name" --version >/dev/null 2>&1; then
    command -v "$name"; return 0
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$dir/$name" ] && { echo "$dir/$name"; return 0; }
  done
  return 1
}

INITDB=$(find_bin initdb) && PG_CTL=$(find_bin pg_ctl) || {
  echo "PostgreSQL server binaries (initdb, pg_ctl) were not found." >&2
  echo "Install them, e.g. on Debian/Ubuntu: sudo apt-get install postgresql" >&2
  echo "or point DATABASE_URL at an existing PostgreSQL 15 database." >&2
  exit 2
}

PGTMP=$(mktemp -d "${TMPDIR:-/tmp}/landwatch-pg.XXXXXX")
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

as_pg() { "$@"; }
if [ "$(id -u)" = "0" ]; then
  PGUSER_OS=postgres
  id "$PGUSER_OS" >/dev/null 2>&1 || PGUSER_OS=nobody
  chown "$PGUSER_OS" "$PGTMP"
  chmod 700 "$PGTMP"
  if command -v runuser >/dev/null 2>&1; then
    as_pg() { runuser -u "$PGUSER_OS" -- "$@"; }
  else
    as_pg() { su -s /bin/sh "$PGUSER_OS" -c "$(printf '%q ' "$@")"; }
  fi
fi

cleanup() {
  as_pg "$PG_CTL" -D "$PGTMP/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGTMP"
}
trap cleanup EXIT INT TERM

as_pg "$INITDB" -D "$PGTMP/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$PGTMP/initdb.log" 2>&1 || {
  cat "$PGTMP/initdb.log" >&2; exit 1; }
as_pg "$PG_CTL" -D "$PGTMP/data" -l "$PGTMP/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $PGTMP -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null || { cat "$PGTMP/server.log" >&2; exit 1; }

# The database itself (pytest creates its own test_landwatch beside it).
CREATEDB=$(find_bin createdb)
"$CREATEDB" -h 127.0.0.1 -p "$PORT" -U postgres -T template0 -E UTF8 landwatch

export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/landwatch"
export PGHOST=127.0.0.1 PGPORT=$PORT PGUSER=postgres
"$@"
