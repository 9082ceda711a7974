#!/usr/bin/env bash
# Installs Debian's postgresql for the SQL engine's tests (`kpl eval --engine postgres`) when it is
# missing, and prints the folder of its programs (initdb, pg_ctl). The tests start their own
# temporary cluster with them (test/setup/postgres-server.ts); no system service is used.
set -euo pipefail
find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
bin="$(find_bin)"
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "ensure-postgres: PostgreSQL is missing; install Debian's postgresql package (sudo apt-get install -y postgresql)" >&2
    exit 1
  fi
  echo "ensure-postgres: installing Debian's postgresql package…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  bin="$(find_bin)"
fi
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "ensure-postgres: postgresql is installed but no initdb was found under /usr/lib/postgresql" >&2
  exit 1
fi
echo "$bin"
