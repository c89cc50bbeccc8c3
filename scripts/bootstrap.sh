#!/usr/bin/env bash
# Installs pnpm when missing and the workspace dependencies. Shared by `npm start` and `npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm -v 2>/dev/null)" != "12.21.0" ]; then
  echo "bootstrap: installing pnpm 12.21.0"
  npm i -g pnpm@12.21.0 --allow-scripts=pnpm >/dev/null
fi
# better-sqlite3 compiles from source here; Debian ships Node's headers in /usr/include/node.
if [ -d /usr/include/node ]; then export npm_config_nodedir=/usr; fi
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ -f pnpm-lock.yaml ]; then pnpm install --frozen-lockfile --reporter=silent; else pnpm install; fi
