// @vitest-environment node
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  crossFeatureImports,
  type ImportEdge,
  type ImportGraph,
  importCycles,
  readImportGraph,
  upstreamImports,
} from '@/testing/import-graph'

const SRC = fileURLToPath(new URL('.', import.meta.url))
const graph = readImportGraph(SRC)

const edge = (from: string, to: string, extra: Partial<ImportEdge> = {}): ImportEdge => ({
  from,
  to,
  typeOnly: false,
  dynamic: false,
  ...extra,
})
const graphOf = (...edges: ImportEdge[]): ImportGraph => ({
  files: [...new Set(edges.flatMap((e) => [e.from, e.to]))],
  edges,
})

describe('web/src architecture', () => {
  it('reads the real import graph, aliases and relative paths alike', () => {
    expect(graph.files).toContain('features/tokens/api/get-token.ts')
    expect(graph.edges).toContainEqual(
      edge('features/tokens/api/get-token.ts', 'lib/api-client.ts'),
    )
    expect(graph.edges).toContainEqual(
      edge('features/tokens/components/tokens-list.tsx', 'features/tokens/api/get-tokens.ts'),
    )
  })

  it('has no feature importing another feature', () => {
    expect(crossFeatureImports(graph)).toEqual([])
  })

  it('imports one way: shared code never from features or app, features never from app', () => {
    expect(upstreamImports(graph)).toEqual([])
  })

  it('has no import cycles', () => {
    expect(importCycles(graph)).toEqual([])
  })

  it('builds every query key in lib/query-keys.ts', () => {
    const inline = graph.files
      .filter((file) => !file.includes('.test.') && file !== 'lib/query-keys.ts')
      .filter((file) => /queryKey:\s*\[/.test(readFileSync(join(SRC, file), 'utf8')))
    expect(inline).toEqual([])
  })
})

describe('the architecture checks themselves', () => {
  it('catch a feature reaching into another, but not into itself or shared code', () => {
    const found = crossFeatureImports(
      graphOf(
        edge('features/bot-keys/components/picker.tsx', 'features/tokens/api/get-tokens.ts'),
        edge('features/tokens/components/list.tsx', 'features/tokens/api/get-tokens.ts'),
        edge('features/tokens/components/list.tsx', 'components/ui/alert.tsx'),
        edge('app/routes/tokens.tsx', 'features/tokens/components/list.tsx'),
      ),
    )
    expect(found).toEqual([
      'features/bot-keys/components/picker.tsx → features/tokens/api/get-tokens.ts',
    ])
  })

  it('catch imports against the one-way flow', () => {
    const found = upstreamImports(
      graphOf(
        edge('lib/format.ts', 'features/tokens/api/get-tokens.ts'),
        edge('features/tokens/components/list.tsx', 'app/router.tsx'),
        edge('app/router.tsx', 'features/tokens/components/list.tsx'),
      ),
    )
    expect(found).toEqual([
      'lib/format.ts → features/tokens/api/get-tokens.ts',
      'features/tokens/components/list.tsx → app/router.tsx',
    ])
  })

  it('catch a loop of value imports, however long, and ignore type-only and lazy ones', () => {
    const cycles = importCycles(
      graphOf(
        edge('a.ts', 'b.ts'),
        edge('b.ts', 'c.ts'),
        edge('c.ts', 'a.ts'),
        edge('d.ts', 'e.ts'),
        edge('e.ts', 'd.ts', { typeOnly: true }),
        edge('f.ts', 'g.ts'),
        edge('g.ts', 'f.ts', { dynamic: true }),
        edge('h.ts', 'h.ts'),
      ),
    )
    expect(cycles).toEqual([['a.ts', 'b.ts', 'c.ts'], ['h.ts']])
  })
})
