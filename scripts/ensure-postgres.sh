#!/usr/bin/env bash
# Prints the directory of the PostgreSQL server binaries (initdb, postgres) the tests start a
# throwaway cluster with, installing Debian's package when we can. Not needed when
# TOKENDESK_TEST_DATABASE_URL names a server.
set -euo pipefail
find_bindir() {
  if [ -n "${TOKENDESK_PG_BINDIR:-}" ]; then
    if [ -x "$TOKENDESK_PG_BINDIR/initdb" ]; then echo "$TOKENDESK_PG_BINDIR"; fi
    return 0
  fi
  # Debian keeps the server binaries off PATH, one directory per major version: take the newest.
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -rn); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/postgres" ]; then echo "$dir"; return; fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v postgres >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
  fi
}
BINDIR="$(find_bindir)"
if [ -n "$BINDIR" ]; then echo "$BINDIR"; exit 0; fi
if [ -n "${TOKENDESK_PG_BINDIR:-}" ]; then
  echo "TOKENDESK_PG_BINDIR=$TOKENDESK_PG_BINDIR has no initdb" >&2; exit 1
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's postgresql (about 30 s)" >&2
  export DEBIAN_FRONTEND=noninteractive
  (apt-get install -y -qq postgresql >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq postgresql >/dev/null; }) >&2
  BINDIR="$(find_bindir)"
  if [ -n "$BINDIR" ]; then echo "$BINDIR"; exit 0; fi
fi
echo "PostgreSQL server binaries (initdb, postgres) not found. Install PostgreSQL (Debian: apt-get install postgresql), or set TOKENDESK_TEST_DATABASE_URL=postgres://user@host:port/postgres to a server where that role may create databases." >&2
exit 1
