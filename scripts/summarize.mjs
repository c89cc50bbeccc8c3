// Sums every runner into the one line CI reads: `tests: N passed, M failed, K skipped`.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const dir = process.argv[2]
let passed = 0
let failed = 0
let skipped = 0
const notes = []

for (const file of readdirSync(dir).filter((f) => f.endsWith('.status'))) {
  const ok = readFileSync(join(dir, file), 'utf8').trim() === 'pass'
  if (ok) passed++
  else {
    failed++
    notes.push(`${file.replace('.status', '')} failed`)
  }
}

const vitest = join(dir, 'vitest.json')
if (existsSync(vitest)) {
  const r = JSON.parse(readFileSync(vitest, 'utf8'))
  passed += r.numPassedTests
  failed += r.numFailedTests + suitesThatFailedToLoad(r)
  skipped += r.numPendingTests + (r.numTodoTests ?? 0)
} else {
  failed++
  notes.push('vitest produced no report')
}

const pw = join(dir, 'playwright.json')
if (existsSync(pw)) {
  const s = JSON.parse(readFileSync(pw, 'utf8')).stats
  passed += s.expected + s.flaky
  failed += s.unexpected
  skipped += s.skipped
  if (s.flaky) notes.push(`${s.flaky} flaky end-to-end test(s) passed on retry`)
} else {
  failed++
  notes.push('playwright produced no report')
}

/** A file that failed to load has no tests of its own; count it once so it cannot hide. */
function suitesThatFailedToLoad(r) {
  return r.testResults.filter((s) => s.status === 'failed' && s.assertionResults.length === 0)
    .length
}

for (const n of notes) console.log(`note: ${n}`)
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(failed > 0 ? 1 : 0)
