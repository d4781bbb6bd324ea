#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (never a browser Playwright downloads).
# Install it when it is missing and we may: as root, or with password-less sudo.
set -euo pipefail
chromium="${FICSCOPE_CHROMIUM:-/usr/bin/chromium}"
[ -x "$chromium" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "install-browser: $chromium is missing and this user cannot install it;" \
       "run 'sudo apt-get install chromium' (the browser tests fail without it)" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq >/dev/null
"${as_root[@]}" apt-get install -y -qq chromium >/dev/null
