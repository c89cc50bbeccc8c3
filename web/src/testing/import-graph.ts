import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import ts from 'typescript'

/** One import between two files of web/src, paths relative to web/src with `/` separators. */
export type ImportEdge = { from: string; to: string; typeOnly: boolean; dynamic: boolean }
export type ImportGraph = { files: string[]; edges: ImportEdge[] }

const SOURCE = /\.tsx?$/
const EXTENSIONS = ['.ts', '.tsx', '/index.ts', '/index.tsx']

function listSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return listSources(path)
    return SOURCE.test(name) && !name.endsWith('.d.ts') ? [path] : []
  })
}

function resolveSpecifier(root: string, fromFile: string, specifier: string) {
  let base: string
  if (specifier.startsWith('@/')) base = join(root, specifier.slice(2))
  else if (specifier.startsWith('.')) base = resolve(dirname(fromFile), specifier)
  else return null // a package, not ours
  if (SOURCE.test(base) && existsSync(base)) return base
  for (const ext of EXTENSIONS) if (existsSync(base + ext)) return base + ext
  return null
}

function isTypeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration) {
  if (ts.isExportDeclaration(node)) return node.isTypeOnly
  const clause = node.importClause
  if (!clause) return false // a side-effect import runs the module
  if (clause.isTypeOnly) return true
  const named = clause.namedBindings
  return (
    !clause.name &&
    named !== undefined &&
    ts.isNamedImports(named) &&
    named.elements.length > 0 &&
    named.elements.every((element) => element.isTypeOnly)
  )
}

/** Every import between files under `root` (static, re-exports and `import()` alike). */
export function readImportGraph(root: string): ImportGraph {
  const paths = listSources(root)
  const name = (path: string) => relative(root, path).split('\\').join('/')
  const edges: ImportEdge[] = []
  for (const path of paths) {
    const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest)
    const add = (specifier: string, typeOnly: boolean, dynamic: boolean) => {
      const target = resolveSpecifier(root, path, specifier)
      if (target) edges.push({ from: name(path), to: name(target), typeOnly, dynamic })
    }
    const visit = (node: ts.Node) => {
      if (
        (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
        node.moduleSpecifier &&
        ts.isStringLiteral(node.moduleSpecifier)
      ) {
        add(node.moduleSpecifier.text, isTypeOnly(node), false)
      } else if (
        ts.isCallExpression(node) &&
        node.expression.kind === ts.SyntaxKind.ImportKeyword &&
        node.arguments[0] &&
        ts.isStringLiteral(node.arguments[0])
      ) {
        add(node.arguments[0].text, false, true)
      } else if (
        ts.isCallExpression(node) &&
        node.arguments[0] &&
        ts.isStringLiteral(node.arguments[0]) &&
        /^vi\.(mock|doMock|importActual)$/.test(node.expression.getText(source))
      ) {
        // A test that mocks a module depends on it as surely as one that imports it.
        add(node.arguments[0].text, false, true)
      }
      ts.forEachChild(node, visit)
    }
    visit(source)
  }
  return { files: paths.map(name), edges }
}

/** `features/tokens/api/get-token.ts` → `tokens`; null outside `features/`. */
export function featureOf(file: string) {
  return /^features\/([^/]+)\//.exec(file)?.[1] ?? null
}

/** Imports from one feature into another: shared code belongs in components, hooks or lib. */
export function crossFeatureImports({ edges }: ImportGraph) {
  return edges
    .filter((edge) => {
      const from = featureOf(edge.from)
      const to = featureOf(edge.to)
      return from !== null && to !== null && from !== to
    })
    .map((edge) => `${edge.from} → ${edge.to}`)
}

const SHARED_LAYERS = /^(components|hooks|lib|config|testing)\//

/** Imports against the one-way flow shared → features → app. */
export function upstreamImports({ edges }: ImportGraph) {
  return edges
    .filter(
      (edge) =>
        (SHARED_LAYERS.test(edge.from) && /^(features|app)\//.test(edge.to)) ||
        (edge.from.startsWith('features/') && edge.to.startsWith('app/')),
    )
    .map((edge) => `${edge.from} → ${edge.to}`)
}

/**
 * Groups of files that import each other, directly or round a loop (Tarjan's strongly connected
 * components). Type-only imports are erased at build time and `import()` runs later, so only
 * static value imports can form a cycle that matters at load time.
 */
export function importCycles({ files, edges }: ImportGraph) {
  const next = new Map<string, string[]>(files.map((file) => [file, []]))
  for (const edge of edges) if (!edge.typeOnly && !edge.dynamic) next.get(edge.from)?.push(edge.to)

  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const cycles: string[][] = []
  let counter = 0

  const connect = (file: string) => {
    index.set(file, counter)
    low.set(file, counter)
    counter++
    stack.push(file)
    onStack.add(file)
    for (const target of next.get(file) ?? []) {
      if (!index.has(target)) {
        connect(target)
        low.set(file, Math.min(low.get(file) ?? 0, low.get(target) ?? 0))
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file) ?? 0, index.get(target) ?? 0))
      }
    }
    if (low.get(file) !== index.get(file)) return
    const group: string[] = []
    let member: string | undefined
    do {
      member = stack.pop()
      if (member === undefined) break
      onStack.delete(member)
      group.push(member)
    } while (member !== file)
    const selfLoop = next.get(file)?.includes(file) ?? false
    if (group.length > 1 || selfLoop) cycles.push(group.sort())
  }
  for (const file of files) if (!index.has(file)) connect(file)
  return cycles
}
