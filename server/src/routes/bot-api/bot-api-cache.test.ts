import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DB_FILE } from '../../lib/boot'
import { seal } from '../../services/tokens/token-secrets'
import { errorOf, insertTokenRow, seedUser, serveTestApp, signedIn } from '../../test/test-app'

/**
 * The bot path caches what it looked up (see bot-access-store). Every change below must be
 * honoured by the very next bot request, with the cache warm from the requests before it, over
 * real HTTP on a real SQLite file: changes through the API (this process's connection) and
 * changes committed by another connection, as another server process or the key rotation
 * command would make them.
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
  const id = insertTokenRow(t, ownerId, 'deploy', 'personal', t.clock() + 86_400_000)
  const res = await keyOwner.api['bot-keys'].$post({ json: { name: 'bot', tokenIds: [id] } })
  expect(res.status).toBe(201)
  const { id: keyId, key } = await res.json()
  for (let i = 0; i < 3; i++) expect((await access(id, key)).status).toBe(200)
  return { id, key, keyId }
}

/** Another connection to the same database file, as another process would have. */
function otherConnection() {
  const db = new Database(join(t.dir, DB_FILE))
  db.pragma('busy_timeout = 5000')
  return db
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
    const id = insertTokenRow(t, ownerId, 'shared', 'personal', t.clock() + 86_400_000)
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
    const id = insertTokenRow(t, ownerId, 'deploy', 'personal', t.clock() + 86_400_000)
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
    const other = otherConnection()
    try {
      const first = await warm(ann)
      other.prepare('update bot_keys set revoked_at = ? where id = ?').run(t.clock(), first.keyId)
      expect((await access(first.id, first.key)).status).toBe(401)

      const second = await warm(ann)
      other.prepare('update users set disabled = 1 where id = ?').run(ids.ann)
      expect((await access(second.id, second.key)).status).toBe(401)
      other.prepare('update users set disabled = 0 where id = ?').run(ids.ann)
      expect((await access(second.id, second.key)).status).toBe(200)

      const id = insertTokenRow(t, ids.ann ?? '', 'shared', 'personal', t.clock() + 86_400_000)
      await ann.api.tokens[':id'].shares.$post({
        param: { id },
        json: { email: 'bob@example.com', access: 'use' },
      })
      const { key } = await (
        await bob.api['bot-keys'].$post({ json: { name: 'bot', tokenIds: [id] } })
      ).json()
      for (let i = 0; i < 3; i++) expect((await access(id, key)).status).toBe(200)
      other.prepare('delete from token_shares where token_id = ? and user_id = ?').run(id, ids.bob)
      expect((await access(id, key)).status).toBe(404)
    } finally {
      other.close()
    }
  })

  it('hands out a new value, and refuses a revoked token, at the first request after the write', async () => {
    const ann = await signedIn(t, 'ann@example.com')
    const { id, key } = await warm(ann)
    expect(((await (await access(id, key)).json()) as { access_token: string }).access_token).toBe(
      `value-${id}`,
    )
    // A new value sealed and written by another connection (a renewal in another process).
    const other = otherConnection()
    try {
      const envelope = seal(t.deps.keyring, { id, ownerId: ids.ann ?? '' }, 'access_token', 'v2')
      other.prepare('update tokens set access_token_enc = ? where id = ?').run(envelope, id)
      const renewed = await access(id, key)
      expect(((await renewed.json()) as { access_token: string }).access_token).toBe('v2')
      other.prepare("update tokens set status = 'revoked' where id = ?").run(id)
      const res = await access(id, key)
      expect(res.status).toBe(409)
      expect(await res.text()).not.toContain('v2')
    } finally {
      other.close()
    }
  })
})
