import { join } from 'node:path'
import { and, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeDatabase, type Db, openSqlite, pgDb, sqliteDb } from '../../db/client'
import { botKeys, tokenShares, tokens, users } from '../../db/schema'
import { transaction } from '../../db/transaction'
import { DB_FILE } from '../../lib/boot'
import { seal } from '../../services/tokens/token-secrets'
import { errorOf, insertTokenRow, seedUser, serveTestApp, signedIn } from '../../test/test-app'

/**
 * On SQLite the bot path caches what it looked up (see bot-access-store); on PostgreSQL it reads
 * every time (bot-access-pg). Either way every change below must be honoured by the very next
 * bot request, after requests that warmed any cache, over real HTTP: changes through the API
 * (this process) and changes committed by another database handle, as another server process
 * (a replica) or the key rotation command would make them.
 */
let t: Awaited<ReturnType<typeof serveTestApp>>
let ids: Record<string, string>
beforeEach(async () => {
  t = await serveTestApp()
  ids = {
    ann: (await seedUser(t, { email: 'ann@example.com' })).id,
    bob: (await seedUser(t, { email: 'bob@example.com' })).id,
    admin: (await seedUser(t, { email: 'admin@example.com', role: 'admin' })).id,
  }
})
afterEach(() => t.stop())

type Agent = Awaited<ReturnType<typeof signedIn>>

const access = (id: string, key: string) =>
  fetch(`${t.url}/api/v1/tokens/${id}/access`, { headers: { authorization: `Bearer ${key}` } })

/** A pasted token of `owner` and a key of `keyOwner` bound to it, and the cache warmed with both. */
async function warm(owner: Agent, keyOwner: Agent = owner) {
  const ownerId = (await (await owner.api.auth.me.$get()).json()).id
  const id = await insertTokenRow(t, ownerId, 'deploy', 'personal', t.clock() + 86_400_000)
  const res = await keyOwner.api['bot-keys'].$post({ json: { name: 'bot', tokenIds: [id] } })
  expect(res.status).toBe(201)
  const { id: keyId, key } = await res.json()
  for (let i = 0; i < 3; i++) expect((await access(id, key)).status).toBe(200)
  return { id, key, keyId }
}

/** Another handle on the same database (file or PostgreSQL), as another process would have. */
function otherProcess() {
  const url = t.deps.config.databaseUrl
  const file = join(t.dir, DB_FILE)
  const db: Db = url ? pgDb({ url, poolSize: 2 }) : sqliteDb(openSqlite(file), file)
  return {
    write: (fn: Parameters<typeof transaction>[1]) => transaction(db, fn),
    close: () => closeDatabase(db),
  }
}

describe('the bot path with a warm cache', () => {
  it('refuses a key at the first request after its revocation', async () => {
    const ann = await signedIn(t, 'ann@example.com')
    const { id, key, keyId } = await warm(ann)
    const revoked = await ann.api['bot-keys'][':id'].$delete({ param: { id: keyId } })
    expect(revoked.status).toBe(204)
    const res = await access(id, key)
    expect(res.status).toBe(401)
    expect((await errorOf(res)).code).toBe('unauthenticated')
  })

  it('refuses a disabled owner’s key at once and accepts it again once re-enabled', async () => {
    const ann = await signedIn(t, 'ann@example.com')
    const { id, key } = await warm(ann)
    const admin = await signedIn(t, 'admin@example.com')
    const user = (disabled: boolean) =>
      admin.api.users[':id'].$patch({ param: { id: ids.ann ?? '' }, json: { disabled } })
    expect((await user(true)).status).toBe(200)
    expect((await access(id, key)).status).toBe(401)
    expect((await user(false)).status).toBe(200)
    expect((await access(id, key)).status).toBe(200)
  })

  it('stops a former sharee’s key at the first request after the share is removed', async () => {
    const ann = await signedIn(t, 'ann@example.com')
    const bob = await signedIn(t, 'bob@example.com')
    const ownerId = ids.ann ?? ''
    const id = await insertTokenRow(t, ownerId, 'shared', 'personal', t.clock() + 86_400_000)
    const shared = await ann.api.tokens[':id'].shares.$post({
      param: { id },
      json: { email: 'bob@example.com', access: 'use' },
    })
    expect(shared.status).toBe(201)
    const { key } = await (
      await bob.api['bot-keys'].$post({ json: { name: 'bot', tokenIds: [id] } })
    ).json()
    for (let i = 0; i < 3; i++) expect((await access(id, key)).status).toBe(200)
    const removed = await ann.api.tokens[':id'].shares[':userId'].$delete({
      param: { id, userId: ids.bob ?? '' },
    })
    expect(removed.status).toBe(204)
    expect((await access(id, key)).status).toBe(404)
  })

  it('refuses a key at the moment it expires by the clock, with nothing written', async () => {
    const ann = await signedIn(t, 'ann@example.com')
    const ownerId = ids.ann ?? ''
    const id = await insertTokenRow(t, ownerId, 'deploy', 'personal', t.clock() + 86_400_000)
    const { key } = await (
      await ann.api['bot-keys'].$post({
        json: {
          name: 'bot',
          tokenIds: [id],
          expiresAt: new Date(t.clock() + 60_000).toISOString(),
        },
      })
    ).json()
    for (let i = 0; i < 3; i++) expect((await access(id, key)).status).toBe(200)
    t.clock.advance(60_000)
    expect((await access(id, key)).status).toBe(401)
  })

  it('honours a revocation, a disable and a share removal committed by another connection', async () => {
    const ann = await signedIn(t, 'ann@example.com')
    const bob = await signedIn(t, 'bob@example.com')
    const other = otherProcess()
    const disable = (disabled: boolean) =>
      other.write((tx) =>
        tx
          .update(users)
          .set({ disabled })
          .where(eq(users.id, ids.ann ?? '')),
      )
    try {
      const first = await warm(ann)
      await other.write((tx) =>
        tx.update(botKeys).set({ revokedAt: t.clock() }).where(eq(botKeys.id, first.keyId)),
      )
      expect((await access(first.id, first.key)).status).toBe(401)

      const second = await warm(ann)
      await disable(true)
      expect((await access(second.id, second.key)).status).toBe(401)
      await disable(false)
      expect((await access(second.id, second.key)).status).toBe(200)

      const id = await insertTokenRow(
        t,
        ids.ann ?? '',
        'shared',
        'personal',
        t.clock() + 86_400_000,
      )
      await ann.api.tokens[':id'].shares.$post({
        param: { id },
        json: { email: 'bob@example.com', access: 'use' },
      })
      const { key } = await (
        await bob.api['bot-keys'].$post({ json: { name: 'bot', tokenIds: [id] } })
      ).json()
      for (let i = 0; i < 3; i++) expect((await access(id, key)).status).toBe(200)
      await other.write((tx) =>
        tx
          .delete(tokenShares)
          .where(and(eq(tokenShares.tokenId, id), eq(tokenShares.userId, ids.bob ?? ''))),
      )
      expect((await access(id, key)).status).toBe(404)
    } finally {
      await other.close()
    }
  })

  it('hands out a new value, and refuses a revoked token, at the first request after the write', async () => {
    const ann = await signedIn(t, 'ann@example.com')
    const { id, key } = await warm(ann)
    expect(((await (await access(id, key)).json()) as { access_token: string }).access_token).toBe(
      `value-${id}`,
    )
    // A new value sealed and written by another process (a renewal on another replica).
    const other = otherProcess()
    try {
      const envelope = seal(t.deps.keyring, { id, ownerId: ids.ann ?? '' }, 'access_token', 'v2')
      await other.write((tx) =>
        tx.update(tokens).set({ accessTokenEnc: envelope }).where(eq(tokens.id, id)),
      )
      const renewed = await access(id, key)
      expect(((await renewed.json()) as { access_token: string }).access_token).toBe('v2')
      await other.write((tx) =>
        tx.update(tokens).set({ status: 'revoked' }).where(eq(tokens.id, id)),
      )
      const res = await access(id, key)
      expect(res.status).toBe(409)
      expect(await res.text()).not.toContain('v2')
    } finally {
      await other.close()
    }
  })
})
