#!/usr/bin/env bash
# Installs Debian's chromium for the playground's browser tests when it is missing.
# The tests drive /usr/bin/chromium through playwright-core (which downloads no browser).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "ensure-chromium: /usr/bin/chromium is missing; install Debian's chromium package (sudo apt-get install -y chromium)" >&2
  exit 1
fi
echo "ensure-chromium: installing Debian's chromium package…" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
/usr/bin/chromium --version >&2
