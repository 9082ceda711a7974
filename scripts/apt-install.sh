#!/usr/bin/env bash
# Installs Debian packages a test suite needs (the ensure-*.sh scripts): with apt-get as root,
# otherwise it names the command to run and fails.
# Usage: apt-install.sh WHO WHAT PACKAGE...   WHO prefixes the messages, WHAT names what is missing,
# the first PACKAGE is the one named in them.
set -euo pipefail
who="$1"
what="$2"
shift 2
if [ "$(id -u)" != "0" ]; then
  echo "$who: $what is missing; install Debian's $1 package (sudo apt-get install -y $1)" >&2
  exit 1
fi
echo "$who: installing Debian's $1 package…" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "$@" >/dev/null
