import { randomBytes } from 'node:crypto'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeDatabase, type Db, sqliteConnections } from '../db/client'
import { meta } from '../db/schema'
import { transaction } from '../db/transaction'
import { loadConfig } from '../env'
import { startServerProcess } from '../test/server-process'
import { DataDirError, DB_FILE, openSqliteDataDir } from './boot'
import { KeyError } from './crypto/master-key'

let dir: string
let umask: number
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tokendesk-boot-'))
  umask = process.umask()
})
afterEach(() => {
  process.umask(umask)
  rmSync(dir, { recursive: true, force: true })
})

const open = (env: Record<string, string> = {}, dataDir = dir) =>
  openSqliteDataDir(loadConfig({ TOKENDESK_DATA_DIR: dataDir, ...env }))
const close = (opened: { db: Db }) => closeDatabase(opened.db)
const probe = (db: Db, key: string) =>
  transaction(db, async (tx) => {
    await tx.insert(meta).values({ key, value: 'x' })
  })
const mode = (path: string) => statSync(path).mode & 0o777

const snapshot = () =>
  Object.fromEntries(
    readdirSync(dir).map((f) => [f, readFileSync(join(dir, f)).toString('base64')]),
  )

describe('data dir boot', () => {
  it('sets and verifies the durability pragmas', async () => {
    const { db } = open()
    const writer = sqliteConnections(db)?.writer
    const p = (name: string) => writer?.pragma(name, { simple: true })
    expect([p('journal_mode'), p('synchronous'), p('foreign_keys'), p('busy_timeout')]).toEqual([
      'wal',
      2,
      1,
      5000,
    ])
    await closeDatabase(db)
  })

  it('creates the key file with mode 0600 and reuses it on the next start', async () => {
    const first = open()
    await close(first)
    expect(statSync(join(dir, 'master.key')).mode & 0o777).toBe(0o600)
    const second = open()
    expect(second.keyring.currentId).toBe(first.keyring.currentId)
    await close(second)
  })

  it('refuses to start with a key that cannot decrypt existing data and writes nothing', async () => {
    await close(open())
    const before = snapshot()
    const wrongKey = randomBytes(32).toString('base64')
    expect(() => open({ TOKENDESK_MASTER_KEY: wrongKey })).toThrow(KeyError)
    expect(() => open({ TOKENDESK_MASTER_KEY: wrongKey })).toThrow(
      /cannot decrypt the existing data/,
    )
    expect(snapshot()).toEqual(before)
  })

  it('refuses to invent a new key when the key file is gone but data exists', async () => {
    await close(open())
    rmSync(join(dir, 'master.key'))
    expect(() => open()).toThrow(/master.key is missing/)
    expect(readdirSync(dir).filter((f) => f.startsWith(DB_FILE)).length).toBeGreaterThan(0)
    expect(readdirSync(dir)).not.toContain('master.key')
  })

  it('starts with the old key listed in TOKENDESK_OLD_KEYS during rotation', async () => {
    const key = randomBytes(32).toString('base64')
    await close(open({ TOKENDESK_MASTER_KEY: key }))
    const next = randomBytes(32).toString('base64')
    await close(open({ TOKENDESK_MASTER_KEY: next, TOKENDESK_OLD_KEYS: key }))
  })
})

describe('data dir permissions (issue #12 item 13)', () => {
  const sideFiles = [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`, 'master.key']

  it('creates the dir 0700 and the database, WAL, SHM and key 0600 under umask 022', async () => {
    process.umask(0o022)
    const data = join(dir, 'data')
    const { db } = open({}, data)
    await probe(db, 'probe')
    expect(sideFiles.filter((f) => !existsSync(join(data, f)))).toEqual([])
    expect(mode(data)).toBe(0o700)
    expect(Object.fromEntries(sideFiles.map((f) => [f, mode(join(data, f))]))).toEqual(
      Object.fromEntries(sideFiles.map((f) => [f, 0o600])),
    )
    await closeDatabase(db)
  })

  it('tightens a dir and files an older start left readable, and says so', async () => {
    const first = open()
    await probe(first.db, 'probe')
    // Left as an earlier version under umask 022 would have: 0755 dir, 0644 files.
    chmodSync(dir, 0o755)
    for (const f of sideFiles) chmodSync(join(dir, f), 0o644)
    await close(first)
    process.umask(0o022)
    const second = open()
    expect(second.tightened).toContain(`${dir} 0755 -> 0700`)
    expect(second.tightened).toContain(`${join(dir, DB_FILE)} 0644 -> 0600`)
    await probe(second.db, 'probe2')
    expect(mode(dir)).toBe(0o700)
    for (const f of sideFiles.filter((f) => existsSync(join(dir, f))))
      expect([f, mode(join(dir, f))]).toEqual([f, 0o600])
    await close(second)
  })

  it.each([
    ['0770', 'its group'],
    ['0707', 'everyone'],
    ['0777', 'its group and everyone'],
  ])('refuses a data dir with mode %s (writable by %s) and creates nothing in it', (octal, who) => {
    const m = Number.parseInt(octal, 8)
    const data = join(dir, 'data')
    mkdirSync(data)
    chmodSync(data, m)
    expect(() => open({}, data)).toThrow(DataDirError)
    expect(() => open({}, data)).toThrow(
      `the data dir ${data} is writable by ${who} (mode ${octal})`,
    )
    expect(() => open({}, data)).toThrow(`chmod 700 ${data}`)
    expect(readdirSync(data)).toEqual([])
    expect(mode(data)).toBe(m)
  })

  it('refuses a database file that others can write', async () => {
    await close(open())
    chmodSync(join(dir, DB_FILE), 0o666)
    expect(() => open()).toThrow(
      `${join(dir, DB_FILE)} is writable by its group and everyone (mode 0666)`,
    )
  })

  it('the server process refuses to start, with the reason, when the data dir is world-writable', async () => {
    const data = join(dir, 'data')
    mkdirSync(data)
    chmodSync(data, 0o777)
    await expect(startServerProcess(data)).rejects.toThrow(
      `server exited early:\nRefusing to start: the data dir ${data} is writable by its group and everyone (mode 0777)`,
    )
    expect(readdirSync(data)).toEqual([])
  })
})
