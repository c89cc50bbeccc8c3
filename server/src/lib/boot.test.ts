import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../env'
import { DB_FILE, openDataDir } from './boot'
import { KeyError } from './crypto/master-key'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tokendesk-boot-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const open = (env: Record<string, string> = {}) =>
  openDataDir(loadConfig({ TOKENDESK_DATA_DIR: dir, ...env }))

const snapshot = () =>
  Object.fromEntries(
    readdirSync(dir).map((f) => [f, readFileSync(join(dir, f)).toString('base64')]),
  )

describe('data dir boot', () => {
  it('sets and verifies the durability pragmas', () => {
    const { db } = open()
    const p = (name: string) => db.$client.pragma(name, { simple: true })
    expect([p('journal_mode'), p('synchronous'), p('foreign_keys'), p('busy_timeout')]).toEqual([
      'wal',
      2,
      1,
      5000,
    ])
    db.$client.close()
  })

  it('creates the key file with mode 0600 and reuses it on the next start', () => {
    const first = open()
    first.db.$client.close()
    expect(statSync(join(dir, 'master.key')).mode & 0o777).toBe(0o600)
    const second = open()
    expect(second.keyring.currentId).toBe(first.keyring.currentId)
    second.db.$client.close()
  })

  it('refuses to start with a key that cannot decrypt existing data and writes nothing', () => {
    open().db.$client.close()
    const before = snapshot()
    const wrongKey = randomBytes(32).toString('base64')
    expect(() => open({ TOKENDESK_MASTER_KEY: wrongKey })).toThrow(KeyError)
    expect(() => open({ TOKENDESK_MASTER_KEY: wrongKey })).toThrow(
      /cannot decrypt the existing data/,
    )
    expect(snapshot()).toEqual(before)
  })

  it('refuses to invent a new key when the key file is gone but data exists', () => {
    open().db.$client.close()
    rmSync(join(dir, 'master.key'))
    expect(() => open()).toThrow(/master.key is missing/)
    expect(readdirSync(dir).filter((f) => f.startsWith(DB_FILE)).length).toBeGreaterThan(0)
    expect(readdirSync(dir)).not.toContain('master.key')
  })

  it('starts with the old key listed in TOKENDESK_OLD_KEYS during rotation', () => {
    const key = randomBytes(32).toString('base64')
    open({ TOKENDESK_MASTER_KEY: key }).db.$client.close()
    const next = randomBytes(32).toString('base64')
    const { db } = open({ TOKENDESK_MASTER_KEY: next, TOKENDESK_OLD_KEYS: key })
    db.$client.close()
  })
})
