/**
 * Summarises a V8 .cpuprofile (from `npm run bench -- --profile`): the functions with the most
 * self time and the most total (inclusive) time, with their share of the non-idle samples.
 *
 *   pnpm --filter @tokendesk/server exec tsx bench/profile-summary.ts FILE [top=25] [filter]
 *
 * `filter` keeps only inclusive rows whose function or URL contains it (e.g. `token-desk` paths).
 */
import { readFileSync } from 'node:fs'

type Node = {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] }

const [file, topArg, filter] = process.argv.slice(2)
if (!file) {
  console.error('usage: profile-summary.ts FILE [top] [filter]')
  process.exit(2)
}
const top = Number(topArg ?? 25)
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const parent = new Map<number, number>()
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)

const self = new Map<number, number>()
profile.samples.forEach((id, i) => {
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0))
})
const label = (n: Node) => {
  const url = n.callFrame.url.replace(/^.*\/node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, '')
  return `${n.callFrame.functionName || '(anonymous)'} ${url}:${n.callFrame.lineNumber + 1}`
}
const idle = new Set(['(idle)', '(program)', '(garbage collector)'])
let total = 0
let busy = 0
const selfBy = new Map<string, number>()
const inclBy = new Map<string, number>()
for (const [id, us] of self) {
  const n = byId.get(id)
  if (!n) continue
  total += us
  const name = n.callFrame.functionName
  if (name === '(idle)') continue
  busy += us
  selfBy.set(label(n), (selfBy.get(label(n)) ?? 0) + us)
  // Inclusive: credit each distinct frame on the stack once.
  const seen = new Set<string>()
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const node = byId.get(cur)
    if (!node || idle.has(node.callFrame.functionName) || node.callFrame.functionName === '(root)')
      continue
    const l = label(node)
    if (seen.has(l)) continue
    seen.add(l)
    inclBy.set(l, (inclBy.get(l) ?? 0) + us)
  }
}
const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(7)} ms`
const pct = (us: number) => `${((us / busy) * 100).toFixed(1).padStart(5)}%`
console.log(`${file}: ${ms(total)} sampled, ${ms(busy)} not idle`)
console.log('\nself time')
for (const [l, us] of [...selfBy].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`${ms(us)} ${pct(us)}  ${l}`)
console.log('\ninclusive time')
for (const [l, us] of [...inclBy]
  .filter(([l]) => !filter || l.includes(filter))
  .sort((a, b) => b[1] - a[1])
  .slice(0, top))
  console.log(`${ms(us)} ${pct(us)}  ${l}`)
