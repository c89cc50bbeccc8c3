import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { AUDIT_ACTION_PHRASES } from '@tokendesk/shared/audit-words'
import { describe, expect, it } from 'vitest'

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..')

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return e.name === 'test' ? [] : sources(path)
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : []
  })
}

/**
 * Every action code the server can record: the literals of each `action:` property, up to the
 * end of its value (a ternary may span lines), e.g. `action: ok ? 'a.done' : 'a.failed',`.
 */
function recordedActions(text: string): string[] {
  const found = new Set<string>()
  for (const m of text.matchAll(/\baction:([\s\S]*?),\s*\n/g))
    for (const lit of (m[1] ?? '').matchAll(/'([a-z][a-z_]*\.[a-z][a-z_]*)'/g))
      if (lit[1]) found.add(lit[1])
  return [...found]
}

describe('audit action phrases', () => {
  const actions = [
    ...new Set(sources(SRC).flatMap((f) => recordedActions(readFileSync(f, 'utf8')))),
  ]

  it('finds the actions, including both sides of a ternary', () => {
    expect(actions).toEqual(
      expect.arrayContaining([
        'token.share_added',
        'installation.installed',
        'installation.reinstalled',
        'token.revocation_confirmed',
        'token.revocation_given_up',
        'auth.login_failed',
        'user.setup',
        'addon.created',
      ]),
    )
  })

  it('has a phrase for every action the server records', () => {
    expect(actions.filter((a) => !(a in AUDIT_ACTION_PHRASES)).sort()).toEqual([])
  })

  it('reads a multi-line ternary', () => {
    const text = "    action: x\n      ? 'a.one'\n      : 'a.two',\n    targetType: 'token',\n"
    expect(recordedActions(text)).toEqual(['a.one', 'a.two'])
  })
})
