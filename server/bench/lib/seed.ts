import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { and, eq, gte, sql } from 'drizzle-orm'
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import { openSqlite } from '../../src/db/client'
import { newId } from '../../src/db/ids'
import * as pgSchema from '../../src/db/schema-pg'
import * as sqliteSchema from '../../src/db/schema-sqlite'
import { DB_FILE } from '../../src/lib/boot'
import { createKeyring, type Keyring } from '../../src/lib/crypto/keyring'
import { KEY_FILE } from '../../src/lib/crypto/master-key'
import { seal, tokenFingerprint } from '../../src/services/tokens/token-secrets'

const DAY = 86_400_000

/** One row object for both dialects: the two schema files are kept in step column by column. */
type TokenInsert = typeof pgSchema.tokens.$inferInsert

/**
 * What the bench writes and reads behind the server's back, on either dialect. The server's own
 * `db/schema.ts` picks its dialect from the environment at import time, so this talks to each
 * dialect's schema file directly: drizzle over better-sqlite3 on the data dir's file, or over a
 * node-postgres pool. Rows are seeded while the server is stopped, except #3's expiry.
 */
export type Store = {
  keyring: Keyring
  userIdByEmail(email: string): Promise<string>
  insertTokens(rows: TokenInsert[]): Promise<void>
  /** Sets one token's expiry (the server re-reads it on the next request). */
  expireToken(id: string, expiresAt: number): Promise<void>
  /** Makes an installation's tokens due again, as if last renewed an hour ago. */
  makeDueAgain(installationId: string, now: number): Promise<void>
  /** How many of an installation's tokens were renewed since `since`, and the last renewal time. */
  renewedSince(installationId: string, since: number): Promise<{ n: number; last: number | null }>
  close(): Promise<void>
}

/** Rows per insert: under SQLite's bound-variable limit (36 columns × 200). */
const CHUNK = 200

/** A stopped server's SQLite data dir, opened the way the server opens it (same pragmas, key file). */
export function openSqliteStore(dataDir: string): Store {
  const file = openSqlite(join(dataDir, DB_FILE))
  const db = drizzleSqlite(file, { schema: sqliteSchema })
  const t = sqliteSchema.tokens
  const key = Buffer.from(readFileSync(join(dataDir, KEY_FILE), 'utf8').trim(), 'base64')
  return {
    keyring: createKeyring(key),
    async userIdByEmail(email) {
      const row = db
        .select({ id: sqliteSchema.users.id })
        .from(sqliteSchema.users)
        .where(sql`lower(${sqliteSchema.users.email}) = ${email.toLowerCase()}`)
        .get()
      if (!row) throw new Error(`no user ${email}`)
      return row.id
    },
    async insertTokens(rows) {
      db.transaction((tx) => {
        for (let i = 0; i < rows.length; i += CHUNK)
          tx.insert(t)
            .values(rows.slice(i, i + CHUNK))
            .run()
      })
    },
    async expireToken(id, expiresAt) {
      db.update(t).set({ expiresAt }).where(eq(t.id, id)).run()
    },
    async makeDueAgain(installationId, now) {
      db.update(t)
        .set({ expiresAt: now - 1000, lastRefreshedAt: now - 3_600_000 })
        .where(eq(t.installationId, installationId))
        .run()
    },
    async renewedSince(installationId, since) {
      const row = db
        .select({ n: sql<number>`count(*)`, last: sql<number | null>`max(${t.lastRefreshedAt})` })
        .from(t)
        .where(and(eq(t.installationId, installationId), gte(t.lastRefreshedAt, since)))
        .get()
      return { n: row?.n ?? 0, last: row?.last ?? null }
    },
    async close() {
      file.close()
    },
  }
}

/** A PostgreSQL database the server migrated; its key is the one the bench gave the server. */
export function openPgStore(url: string, masterKey: string): Store {
  const pool = new pg.Pool({ connectionString: url, max: 2 })
  const db = drizzlePg(pool, { schema: pgSchema })
  const t = pgSchema.tokens
  return {
    keyring: createKeyring(Buffer.from(masterKey, 'base64')),
    async userIdByEmail(email) {
      const [row] = await db
        .select({ id: pgSchema.users.id })
        .from(pgSchema.users)
        .where(sql`lower(${pgSchema.users.email}) = ${email.toLowerCase()}`)
      if (!row) throw new Error(`no user ${email}`)
      return row.id
    },
    async insertTokens(rows) {
      await db.transaction(async (tx) => {
        for (let i = 0; i < rows.length; i += CHUNK)
          await tx.insert(t).values(rows.slice(i, i + CHUNK))
      })
    },
    async expireToken(id, expiresAt) {
      await db.update(t).set({ expiresAt }).where(eq(t.id, id))
    },
    async makeDueAgain(installationId, now) {
      await db
        .update(t)
        .set({ expiresAt: now - 1000, lastRefreshedAt: now - 3_600_000 })
        .where(eq(t.installationId, installationId))
    },
    async renewedSince(installationId, since) {
      const [row] = await db
        .select({
          n: sql<number>`count(*)::int`,
          last: sql<string | null>`max(${t.lastRefreshedAt})`,
        })
        .from(t)
        .where(and(eq(t.installationId, installationId), gte(t.lastRefreshedAt, since)))
      return { n: row?.n ?? 0, last: row?.last == null ? null : Number(row.last) }
    },
    async close() {
      await pool.end()
    },
  }
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
