import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createDb, type Db, openSqlite } from '../../src/db/client'
import { newId } from '../../src/db/ids'
import { tokens } from '../../src/db/schema'
import { DB_FILE } from '../../src/lib/boot'
import { createKeyring, type Keyring } from '../../src/lib/crypto/keyring'
import { KEY_FILE } from '../../src/lib/crypto/master-key'
import { seal, tokenFingerprint } from '../../src/services/tokens/token-secrets'

const DAY = 86_400_000

type TokenInsert = typeof tokens.$inferInsert

/** Opens a stopped server's data dir the way the server does (same pragmas, same key file). */
export function openDataDirForSeeding(dataDir: string): {
  db: Db
  keyring: Keyring
  close(): void
} {
  const sqlite = openSqlite(join(dataDir, DB_FILE))
  const key = Buffer.from(readFileSync(join(dataDir, KEY_FILE), 'utf8').trim(), 'base64')
  return { db: createDb(sqlite), keyring: createKeyring(key), close: () => sqlite.close() }
}

/** Inserts rows in one transaction, in chunks that stay under SQLite's bound-variable limit. */
export function insertTokens(db: Db, rows: TokenInsert[]) {
  db.transaction((tx) => {
    for (let i = 0; i < rows.length; i += 200)
      tx.insert(tokens)
        .values(rows.slice(i, i + 200))
        .run()
  })
}

/**
 * Pasted personal and room-notification tokens as the paste form stores them: sealed values,
 * keyed fingerprints, expiries spread from 31 days to a year (some unknown). None falls inside
 * the default 30-day alert window, so the server's expiry-alert pass stays quiet while we measure.
 */
export function pastedTokens(keyring: Keyring, ownerId: string, count: number, now: number) {
  const rows: TokenInsert[] = []
  for (let i = 0; i < count; i++) {
    const id = newId()
    const value = randomBytes(30).toString('base64url')
    const ref = { id, ownerId }
    const personal = i % 3 !== 0
    rows.push({
      id,
      ownerId,
      kind: personal ? 'personal' : 'notification',
      label: `${personal ? 'Personal' : 'Room'} token ${String(i + 1).padStart(5, '0')}`,
      providerUrl: 'https://untrusted.example.com/v2/',
      grant: 'pasted',
      scopes: personal ? ['send_notification', 'view_room', 'view_group'] : ['send_notification'],
      roomId: personal ? null : String(2000 + (i % 50)),
      roomName: personal ? null : `Room ${i % 50}`,
      accessTokenEnc: seal(keyring, ref, 'access_token', value),
      expiresAt: i % 10 === 9 ? null : now + 31 * DAY + ((i * 7919) % 334) * DAY + (i % 1000),
      status: 'active',
      verified: false,
      fingerprint: tokenFingerprint(keyring, value),
      createdAt: now - (count - i) * 1000,
      updatedAt: now - (count - i) * 1000,
    })
  }
  return rows
}

/** Add-on tokens of one installation, already expired: what the background refresher renews. */
export function dueAddonTokens(
  keyring: Keyring,
  input: {
    ownerId: string
    installationId: string
    providerUrl: string
    count: number
    now: number
  },
) {
  const rows: TokenInsert[] = []
  for (let i = 0; i < input.count; i++) {
    const id = newId()
    const value = randomBytes(30).toString('base64url')
    const ref = { id, ownerId: input.ownerId }
    rows.push({
      id,
      ownerId: input.ownerId,
      kind: 'addon',
      label: `Add-on token ${i + 1}`,
      providerUrl: input.providerUrl,
      installationId: input.installationId,
      grant: 'client_credentials',
      scopes: ['send_notification'],
      accessTokenEnc: seal(keyring, ref, 'access_token', value),
      expiresAt: input.now - 1000 - i,
      status: 'active',
      verified: true,
      fingerprint: tokenFingerprint(keyring, value),
      createdAt: input.now - 3_600_000,
      updatedAt: input.now - 3_600_000,
      lastRefreshedAt: input.now - 3_600_000,
    })
  }
  return rows
}
