#!/usr/bin/env bash
# `npm start`: install what is missing, build the SPA and server, run the dashboard on SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
pnpm --filter @tokendesk/web run build
pnpm --filter @tokendesk/server run build
export NODE_ENV=production
exec node server/dist/index.js
