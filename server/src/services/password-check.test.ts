import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const SRC = join(import.meta.dirname, '..')

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return sources(path)
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : []
  })
}

describe('password verification', () => {
  it('happens only in the throttled check', () => {
    const verifiers = sources(SRC)
      .filter((file) => {
        const text = readFileSync(file, 'utf8')
        const argonImport = /import\s*\{([^}]*)\}\s*from\s*'@node-rs\/argon2'/.exec(text)?.[1] ?? ''
        return /\bverify\b/.test(argonImport) || /\bverifyPassword\s*\(/.test(text)
      })
      .map((file) => relative(SRC, file))
    expect(verifiers).toEqual(['services/password-check.ts'])
  })
})
