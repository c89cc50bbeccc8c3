#!/usr/bin/env bash
# Prints the Chromium binary the end-to-end tests use, installing Debian's package when we can.
set -euo pipefail
CHROMIUM="${TOKENDESK_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then echo "$CHROMIUM"; exit 0; fi
if [ -n "${TOKENDESK_CHROMIUM:-}" ]; then
  echo "TOKENDESK_CHROMIUM=$TOKENDESK_CHROMIUM is not an executable Chromium binary" >&2; exit 1
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's chromium (about 40 s)" >&2
  (apt-get install -y -qq chromium >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null; }) >&2
  echo /usr/bin/chromium; exit 0
fi
echo "Chromium not found at /usr/bin/chromium. Install it, or set TOKENDESK_CHROMIUM to the path of a Chromium binary." >&2
exit 1
