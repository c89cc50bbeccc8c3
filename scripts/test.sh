#!/usr/bin/env bash
# `npm test`: every check (typecheck, lint, unit and integration, end-to-end in Chromium),
# ending with one summary line summed over all runners.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh || { echo "tests: 0 passed, 1 failed, 0 skipped"; exit 1; }
REPORTS="$PWD/.reports"
rm -rf "$REPORTS" && mkdir -p "$REPORTS"
export CI="${CI:-1}"
export TOKENDESK_CHROMIUM
TOKENDESK_CHROMIUM="$(bash scripts/ensure-chromium.sh)" || { echo "tests: 0 passed, 1 failed, 0 skipped"; exit 1; }

step() { # name, command...: records pass/fail of a single-check step
  local name="$1"; shift
  echo "== $name"
  if "$@"; then echo pass > "$REPORTS/$name.status"; else echo fail > "$REPORTS/$name.status"; fi
}

step build bash -c 'pnpm --filter @tokendesk/web run build && pnpm --filter @tokendesk/server run build'
step typecheck pnpm run typecheck
step lint pnpm exec biome ci .
# The server suites also run on PostgreSQL: a throwaway cluster from these binaries, or the server
# named by TOKENDESK_TEST_DATABASE_URL. Missing both, the PostgreSQL suites fail and say why.
if [ -z "${TOKENDESK_TEST_DATABASE_URL:-}" ]; then
  export TOKENDESK_PG_BINDIR
  TOKENDESK_PG_BINDIR="$(bash scripts/ensure-postgres.sh)" || unset TOKENDESK_PG_BINDIR
fi
echo "== unit and integration (vitest: SQLite and PostgreSQL)"
pnpm exec vitest run --reporter=default --reporter=json --outputFile.json="$REPORTS/vitest.json" 2>&1 | tee "$REPORTS/vitest.log"
echo "== end-to-end (playwright, $TOKENDESK_CHROMIUM)"
(cd e2e && pnpm exec playwright test) 2>&1 | tee "$REPORTS/playwright.log"
# Tests plant CANARY-<kind>-<uuid> secrets; none may surface in any runner's output.
step canary-scan bash -c "! grep -l 'CANARY-' '$REPORTS'/vitest.log '$REPORTS'/playwright.log"
# The benchmarks are not tests, but their quick mode must keep working (missed targets do not fail it).
step bench-smoke pnpm --filter @tokendesk/server exec tsx bench/main.ts --quick --no-build --out=bench-results/ci-quick.json
node scripts/summarize.mjs "$REPORTS"
