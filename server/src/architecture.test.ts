import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/**
 * The layering rules of ARCHITECTURE.md, checked on the source text: routes validate, call a
 * service and answer; services own SQL, transactions and audit; nothing imports in a circle.
 */
const SRC = dirname(fileURLToPath(import.meta.url))

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path)
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : []
  })
}

const rel = (path: string) => relative(SRC, path).replaceAll('\\', '/')
const isTest = (path: string) => /\.test\.tsx?$/.test(path)

/** `import … from`, `export … from` and bare `import '…'`, with whether only types come in. */
const IMPORT = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm

function importsOf(text: string) {
  return [...text.matchAll(IMPORT)].map((m) => ({
    specifier: m[3] ?? '',
    // `import type` is erased; with verbatimModuleSyntax anything else stays a runtime edge.
    typeOnly: m[2] !== undefined,
  }))
}

function resolveRelative(from: string, specifier: string) {
  const base = resolve(dirname(from), specifier)
  return [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), base].find(
    (p) => existsSync(p) && statSync(p).isFile(),
  )
}

/** Every cycle of runtime imports among `files`, each as the list of files around it. */
function findCycles(files: Map<string, string>) {
  const edges = new Map<string, string[]>()
  for (const [file, text] of files) {
    edges.set(
      file,
      importsOf(text)
        .filter((i) => !i.typeOnly && i.specifier.startsWith('.'))
        .map((i) => resolveRelative(file, i.specifier))
        .filter((p): p is string => p !== undefined && files.has(p)),
    )
  }
  const cycles = new Map<string, string[]>()
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const visit = (file: string) => {
    state.set(file, 'open')
    stack.push(file)
    for (const next of edges.get(file) ?? []) {
      if (state.get(next) === 'open') {
        const cycle = stack.slice(stack.indexOf(next)).map(rel)
        // One entry per cycle, whichever file the walk entered it by.
        const start = cycle.indexOf([...cycle].sort()[0] ?? '')
        const key = [...cycle.slice(start), ...cycle.slice(0, start)]
        cycles.set(key.join(' → '), key)
      } else if (!state.has(next)) visit(next)
    }
    stack.pop()
    state.set(file, 'done')
  }
  for (const file of files.keys()) if (!state.has(file)) visit(file)
  return [...cycles.values()]
}

const FORBIDDEN_CALLS: [string, RegExp][] = [
  ['.transaction(', /\.transaction\(/],
  ['recordAudit(', /\brecordAudit\(/],
]

const files = new Map(sourceFiles(SRC).map((p) => [p, readFileSync(p, 'utf8')]))

describe('architecture', () => {
  const routeFiles = [...files].filter(([p]) => rel(p).startsWith('routes/') && !isTest(p))

  it('keeps the database out of routes: no schema, no drizzle, no transactions, no audit', () => {
    expect(routeFiles.length).toBeGreaterThan(10)
    const offences = routeFiles.flatMap(([path, text]) => [
      ...importsOf(text)
        .filter(
          (i) => /(^|\/)db\/schema$/.test(i.specifier) || /^drizzle-orm(\/|$)/.test(i.specifier),
        )
        .map((i) => `${rel(path)} imports ${i.specifier}`),
      ...FORBIDDEN_CALLS.filter(([, call]) => call.test(text)).map(
        ([name]) => `${rel(path)} calls ${name}`,
      ),
    ])
    expect(offences).toEqual([])
  })

  it('keeps dialects inside db/: shared code uses one async data layer for SQLite and PostgreSQL', () => {
    const DRIVERS =
      /^(better-sqlite3|pg|drizzle-orm\/(better-sqlite3|node-postgres|sqlite-core|pg-core)(\/.*)?)$/
    const DIALECT_SCHEMA = /(^|\/)db\/schema-(sqlite|pg)$/
    const offences = [...files]
      .filter(([p]) => !rel(p).startsWith('db/') && !rel(p).startsWith('cli/') && !isTest(p))
      .filter(([p]) => !rel(p).startsWith('test/'))
      .flatMap(([path, text]) => [
        ...importsOf(text)
          .filter(
            (i) => !i.typeOnly && (DRIVERS.test(i.specifier) || DIALECT_SCHEMA.test(i.specifier)),
          )
          .map((i) => `${rel(path)} imports ${i.specifier}`),
        // drizzle's own transaction is synchronous on SQLite: db/transaction.ts is the only way in.
        ...(/\b(db|tx)\.transaction\(/.test(text) ? [`${rel(path)} calls db.transaction(`] : []),
        ...(/\.\$client\b/.test(text) ? [`${rel(path)} reaches for $client`] : []),
      ])
    expect(offences).toEqual([])
  })

  it('has no import cycles among server sources', () => {
    expect(findCycles(files).map((c) => c.join(' → '))).toEqual([])
  })

  it('finds a cycle and ignores type-only imports (the checker itself)', () => {
    const a = join(SRC, 'services', 'users.ts')
    const b = join(SRC, 'services', 'audit.ts')
    const c = join(SRC, 'services', 'setup.ts')
    const fake = new Map([
      [a, "import { x } from './audit'\n"],
      [b, "import { y } from './setup'\n"],
      [c, "import { z } from './users'\nimport type { T } from './audit'\n"],
    ])
    expect(findCycles(fake)).toEqual([
      ['services/audit.ts', 'services/setup.ts', 'services/users.ts'],
    ])
    fake.set(c, "import type { z } from './users'\n")
    expect(findCycles(fake)).toEqual([])
  })
})
