#!/usr/bin/env bash
# Installs Debian's chromium for the playground's browser tests when it is missing.
# The tests drive /usr/bin/chromium through playwright-core (which downloads no browser).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
bash "$(dirname "$0")/apt-install.sh" ensure-chromium /usr/bin/chromium chromium fonts-noto-cjk
/usr/bin/chromium --version >&2
