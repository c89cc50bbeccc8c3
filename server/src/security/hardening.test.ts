import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { auditEvents } from '../db/schema'
import { STEP_UP_MS } from '../middleware/step-up'
import { listBotKeys } from '../services/bot-keys/bot-key-store'
import { findUserByEmail } from '../services/users'
import {
  createTestApp,
  errorOf,
  insertTokenRow,
  seedUser,
  signedIn,
  type TestApp,
} from '../test/test-app'

/** Regressions for the outside probe's findings (issue #12, docs/security.md). */
let t: TestApp
let ids: Record<string, string>
beforeEach(async () => {
  t = createTestApp()
  ids = {
    ann: (await seedUser(t, { email: 'ann@example.com', name: 'Ann' })).id,
    bob: (await seedUser(t, { email: 'bob@example.com', name: 'Bob' })).id,
    cat: (await seedUser(t, { email: 'cat@example.com', name: 'Cat' })).id,
    admin: (await seedUser(t, { email: 'admin@example.com', role: 'admin' })).id,
  }
})
afterEach(() => t.destroy())

const token = (owner = 'ann') =>
  insertTokenRow(t, ids[owner] ?? '', 'deploy', 'personal', t.clock() + 86_400_000)

const share = async (
  agent: Awaited<ReturnType<typeof signedIn>>,
  id: string,
  email: string,
  access: 'view' | 'use',
) =>
  expect(
    (await agent.api.tokens[':id'].shares.$post({ param: { id }, json: { email, access } })).status,
  ).toBe(201)

describe('#2 binding a token to a bot key is a reveal', () => {
  it('asks for the password after the step-up window, then works', async () => {
    const ann = await signedIn(t, 'ann@example.com')
    const id = await token()
    t.clock.advance(STEP_UP_MS + 1)
    const res = await ann.api['bot-keys'].$post({ json: { name: 'k', tokenIds: [id] } })
    expect(res.status).toBe(401)
    expect((await errorOf(res)).code).toBe('reauth_required')
    const annRow = (await findUserByEmail(t.db, 'ann@example.com')) ?? fail()
    expect(await listBotKeys(t.deps, annRow)).toEqual([])
    const reauth = await ann.api.auth.reauth.$post({ json: { password: 'correct horse battery' } })
    expect(reauth.status).toBeLessThan(300)
    expect((await ann.api['bot-keys'].$post({ json: { name: 'k', tokenIds: [id] } })).status).toBe(
      201,
    )
  })

  it('refuses a view sharee with 403 and a stranger with 404', async () => {
    const ann = await signedIn(t, 'ann@example.com')
    const id = await token()
    await share(ann, id, 'bob@example.com', 'view')
    const bob = await signedIn(t, 'bob@example.com')
    expect((await bob.api['bot-keys'].$post({ json: { name: 'k', tokenIds: [id] } })).status).toBe(
      403,
    )
    const cat = await signedIn(t, 'cat@example.com')
    expect((await cat.api['bot-keys'].$post({ json: { name: 'k', tokenIds: [id] } })).status).toBe(
      404,
    )
  })
})

describe('#4 a disabled owner’s bot keys', () => {
  it('answer 401 at once, are listed as suspended, and come back when the owner does', async () => {
    const ann = await signedIn(t, 'ann@example.com')
    const id = await token()
    const { key } = await (
      await ann.api['bot-keys'].$post({ json: { name: 'k', tokenIds: [id] } })
    ).json()
    const read = () =>
      t.app.request(`http://127.0.0.1:8080/api/v1/tokens/${id}/access`, {
        headers: { authorization: `Bearer ${key}` },
      })
    expect((await read()).status).toBe(200)
    const admin = await signedIn(t, 'admin@example.com')
    const off = await admin.api.users[':id'].$patch({
      param: { id: ids.ann ?? '' },
      json: { disabled: true },
    })
    expect(off.status).toBe(200)
    expect((await read()).status).toBe(401)
    const annRow = (await findUserByEmail(t.db, 'ann@example.com')) ?? fail()
    expect((await listBotKeys(t.deps, annRow)).map((k) => k.status)).toEqual(['suspended'])
    await admin.api.users[':id'].$patch({ param: { id: ids.ann ?? '' }, json: { disabled: false } })
    expect((await read()).status).toBe(200)
  })
})

describe('#5 reassignment is break glass', () => {
  it('refuses the admin themselves, needs a reason, and tells the previous owner', async () => {
    const id = await token()
    const admin = await signedIn(t, 'admin@example.com')
    const self = await admin.api.tokens[':id'].owner.$post({
      param: { id },
      json: { email: 'admin@example.com', reason: 'I want to read it' },
    })
    expect(self.status).toBe(400)
    expect((await errorOf(self)).code).toBe('reassign_to_self')
    const noReason = await admin.fetch(`http://127.0.0.1:8080/api/tokens/${id}/owner`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bob@example.com' }),
    })
    expect(noReason.status).toBe(400)
    expect(
      (await admin.api.tokens[':id'].reveal.$post({ param: { id }, json: { purpose: 'reveal' } }))
        .status,
    ).toBe(403)

    t.clock.advance(STEP_UP_MS + 1)
    const stale = await admin.api.tokens[':id'].owner.$post({
      param: { id },
      json: { email: 'bob@example.com', reason: 'Ann left' },
    })
    expect((await errorOf(stale)).code).toBe('reauth_required')
    await admin.api.auth.reauth.$post({ json: { password: 'correct horse battery' } })
    const moved = await admin.api.tokens[':id'].owner.$post({
      param: { id },
      json: { email: 'bob@example.com', reason: 'Ann left' },
    })
    expect(moved.status).toBe(204)

    const ann = await signedIn(t, 'ann@example.com')
    const inbox = await (await ann.api.notifications.$get({ query: {} })).json()
    expect(inbox.items).toMatchObject([{ type: 'reassigned', tokenId: id }])
    const [audit] = await t.db
      .select({ detail: auditEvents.detail })
      .from(auditEvents)
      .where(eq(auditEvents.action, 'token.owner_changed'))
    expect(JSON.parse(String(audit?.detail))).toMatchObject({
      breakGlass: true,
      reason: 'Ann left',
    })
  })
})

describe('#9 a view sharee’s audit', () => {
  it('shows their own actions and lifecycle events, without other people or addresses', async () => {
    const ann = await signedIn(t, 'ann@example.com')
    const id = await token()
    await share(ann, id, 'bob@example.com', 'view')
    await share(ann, id, 'cat@example.com', 'use')
    await ann.fetch(`http://127.0.0.1:8080/api/tokens/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'user-agent': 'AnnBrowser/1.0' },
      body: JSON.stringify({ label: 'renamed' }),
    })
    const bob = await signedIn(t, 'bob@example.com')
    const res = await bob.api.tokens[':id'].audit.$get({ param: { id } })
    expect(res.status).toBe(200)
    const text = JSON.stringify(await res.json())
    expect(text).toContain('token.updated')
    expect(text).not.toContain('cat@example.com')
    expect(text).not.toContain('ann@example.com')
    expect(text).not.toContain('AnnBrowser')
    expect(text).not.toContain('share_added')
    // The owner still sees everything.
    const full = JSON.stringify(
      await (await ann.api.tokens[':id'].audit.$get({ param: { id } })).json(),
    )
    expect(full).toContain('cat@example.com')
  })
})

describe('#14 a former sharee’s bot key list', () => {
  it('no longer names the token once the share is gone', async () => {
    const ann = await signedIn(t, 'ann@example.com')
    const id = await token()
    await share(ann, id, 'bob@example.com', 'use')
    const bob = await signedIn(t, 'bob@example.com')
    expect((await bob.api['bot-keys'].$post({ json: { name: 'k', tokenIds: [id] } })).status).toBe(
      201,
    )
    const before = await (await bob.api['bot-keys'].$get()).json()
    expect(before.items[0]?.tokens).toEqual([{ id, label: 'deploy' }])
    await ann.api.tokens[':id'].shares[':userId'].$delete({ param: { id, userId: ids.bob ?? '' } })
    const after = await (await bob.api['bot-keys'].$get()).json()
    expect(after.items[0]?.tokens).toEqual([{ id, label: null }])
  })
})

function fail(): never {
  throw new Error('missing fixture')
}
