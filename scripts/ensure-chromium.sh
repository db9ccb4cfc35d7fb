#!/usr/bin/env bash
# The console and simulator tests drive Debian's Chromium (never a downloaded browser). Installs it when it is
# missing and this user may (root with apt-get); otherwise says what to do, once, and fails.
set -euo pipefail
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$browser" ] && exit 0

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    echo "Chromium is missing: installing Debian's chromium package for the browser tests..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    [ -x "$browser" ] && exit 0
fi
echo "The browser tests need Chromium at $browser: install Debian's 'chromium' package (sudo apt-get install chromium)" >&2
echo "or set CHROMIUM_PATH to a Chromium binary." >&2
exit 1
