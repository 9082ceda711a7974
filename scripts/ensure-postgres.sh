#!/usr/bin/env bash
# Installs Debian's postgresql for the SQL engine's tests (`kpl eval --engine postgres`) when it is
# missing, and prints the folder of its programs (initdb, pg_ctl). The tests start their own
# temporary cluster with them (test/setup/postgres-server.ts); no system service is used.
set -euo pipefail
find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
bin="$(find_bin)"
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  bash "$(dirname "$0")/apt-install.sh" ensure-postgres PostgreSQL postgresql
  bin="$(find_bin)"
fi
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "ensure-postgres: postgresql is installed but no initdb was found under /usr/lib/postgresql" >&2
  exit 1
fi
echo "$bin"
