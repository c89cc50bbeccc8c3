import { count, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { auditEvents, invites, users } from '../../db/schema'
import { INVITE_TTL_MS } from '../../services/invites'
import {
  createTestApp,
  errorOf,
  seedUser,
  serveTestApp,
  signedIn,
  TEST_ORIGIN,
  type TestApp,
} from '../../test/test-app'

type Agent = Awaited<ReturnType<typeof signedIn>>

let t: TestApp
let admin: Agent
beforeEach(async () => {
  t = createTestApp()
  await seedUser(t, { email: 'admin@example.com', role: 'admin', name: 'Ada' })
  admin = await signedIn(t, 'admin@example.com')
})
afterEach(() => t.destroy())

async function invite(email = 'ivy@example.com', role: 'admin' | 'owner' = 'owner') {
  const res = await admin.api.users.invites.$post({ json: { email, name: 'Ivy', role } })
  expect(res.status).toBe(201)
  expect(res.headers.get('cache-control')).toContain('no-store')
  const body = await res.json()
  const token = body.url.split('#')[1] ?? ''
  return { ...body, token }
}

const accept = (token: string, password = 'ivy’s own password', agent = t.agent()) =>
  agent.api.auth.invite.accept.$post({ json: { token, password } })

async function usersWith(email: string) {
  const [row] = await t.db.select({ n: count() }).from(users).where(eq(users.email, email))
  return row?.n ?? 0
}

async function auditCount(action: string) {
  const [row] = await t.db
    .select({ n: count() })
    .from(auditEvents)
    .where(eq(auditEvents.action, action))
  return row?.n ?? 0
}

describe('invite links', () => {
  it('walks create → pending → preview → accept → signed in, once', async () => {
    const created = await invite()
    expect(created.url).toMatch(new RegExp(`^${TEST_ORIGIN}/invite#[A-Za-z0-9_-]{43}$`))
    expect(created.invite).toMatchObject({ email: 'ivy@example.com', role: 'owner' })
    expect(Date.parse(created.invite.expiresAt) - t.clock()).toBe(INVITE_TTL_MS)

    // Only a hash is stored: the token itself is nowhere in the row.
    const [row] = await t.db.select().from(invites)
    expect(JSON.stringify(row)).not.toContain(created.token)

    const pending = await (await admin.api.users.invites.$get()).json()
    expect(pending.items).toEqual([
      expect.objectContaining({ email: 'ivy@example.com', name: 'Ivy', invitedBy: 'Ada' }),
    ])

    const preview = await t.agent().api.auth.invite.$post({ json: { token: created.token } })
    expect(await preview.json()).toMatchObject({ email: 'ivy@example.com', role: 'owner' })

    const ivy = t.agent()
    const res = await accept(created.token, 'ivy’s own password', ivy)
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({
      email: 'ivy@example.com',
      name: 'Ivy',
      role: 'owner',
      mustChangePassword: false,
    })
    expect((await ivy.api.tokens.$get({ query: {} })).status).toBe(200)
    await expect(signedIn(t, 'ivy@example.com', 'ivy’s own password')).resolves.toBeTruthy()

    const again = await accept(created.token, 'another password!')
    expect(again.status).toBe(410)
    expect((await errorOf(again)).code).toBe('invite_used')
    expect((await (await admin.api.users.invites.$get()).json()).items).toEqual([])
    expect(await auditCount('invite.created')).toBe(1)
    expect(await auditCount('user.invite_accepted')).toBe(1)
  })

  it('lets the person correct their name and grants the invited role', async () => {
    const { token } = await invite('root@example.com', 'admin')
    const res = await t.agent().api.auth.invite.accept.$post({
      json: { token, password: 'a long password', name: 'Rosa Root' },
    })
    expect(await res.json()).toMatchObject({ name: 'Rosa Root', role: 'admin' })
  })

  it('answers an expired link clearly, keeps it listed until revoked, then calls it invalid', async () => {
    const { token, invite: pending } = await invite()
    t.clock.advance(INVITE_TTL_MS)
    const preview = await t.agent().api.auth.invite.$post({ json: { token } })
    expect(preview.status).toBe(410)
    expect((await errorOf(preview)).code).toBe('invite_expired')
    expect((await errorOf(await accept(token))).code).toBe('invite_expired')
    expect(await usersWith('ivy@example.com')).toBe(0)

    admin = await signedIn(t, 'admin@example.com')
    expect((await (await admin.api.users.invites.$get()).json()).items).toHaveLength(1)
    const revoke = () => admin.api.users.invites[':id'].$delete({ param: { id: pending.id } })
    expect((await revoke()).status).toBe(204)
    expect((await revoke()).status).toBe(404)
    const gone = await accept(token)
    expect(gone.status).toBe(404)
    expect((await errorOf(gone)).code).toBe('invite_invalid')
  })

  it('a revoked or replaced link makes no account', async () => {
    const first = await invite()
    const second = await invite()
    expect((await errorOf(await accept(first.token))).code).toBe('invite_invalid')
    const pending = (await (await admin.api.users.invites.$get()).json()).items
    expect(pending.map((i) => i.id)).toEqual([second.invite.id])

    await admin.api.users.invites[':id'].$delete({ param: { id: second.invite.id } })
    expect((await errorOf(await accept(second.token))).code).toBe('invite_invalid')
    expect(await usersWith('ivy@example.com')).toBe(0)
    expect(await auditCount('invite.revoked')).toBe(1)
  })

  it('refuses bad input and a taken address, leaving the link usable', async () => {
    const { token } = await invite()
    const short = await accept(token, 'short')
    expect(short.status).toBe(400)
    expect((await errorOf(short)).code).toBe('validation_failed')

    // Someone made the account another way after the invite went out.
    await admin.api.users.$post({
      json: { email: 'ivy@example.com', name: 'Ivy', password: 'admin chose this', role: 'owner' },
    })
    const taken = await accept(token)
    expect(taken.status).toBe(409)
    expect((await errorOf(taken)).code).toBe('email_taken')
    const [row] = await t.db.select().from(invites)
    expect(row?.usedAt).toBeNull()

    const existing = await admin.api.users.invites.$post({
      json: { email: 'IVY@example.com', name: 'Ivy', role: 'owner' },
    })
    expect(existing.status).toBe(409)
    const unknown = await t.agent().api.auth.invite.$post({ json: { token: 'x'.repeat(43) } })
    expect((await errorOf(unknown)).code).toBe('invite_invalid')
  })

  it('is for admins with a recent password only', async () => {
    await seedUser(t, { email: 'owen@example.com' })
    const owner = await signedIn(t, 'owen@example.com')
    expect((await owner.api.users.invites.$get()).status).toBe(404)
    const asOwner = await owner.api.users.invites.$post({
      json: { email: 'x@example.com', name: 'X', role: 'admin' },
    })
    expect(asOwner.status).toBe(404)

    t.clock.advance(11 * 60_000)
    const stale = await admin.api.users.invites.$post({
      json: { email: 'x@example.com', name: 'X', role: 'owner' },
    })
    expect(stale.status).toBe(401)
    expect((await errorOf(stale)).code).toBe('reauth_required')
    const [row] = await t.db.select({ n: count() }).from(invites)
    expect(row?.n).toBe(0)
  })
})

describe('an invite used 20 times at once', () => {
  it('makes exactly one account; every other use is told the link is used', async () => {
    const s = await serveTestApp()
    try {
      await seedUser(s, { email: 'admin@example.com', role: 'admin' })
      const login = await fetch(`${s.url}/api/auth/login`, {
        method: 'POST',
        headers: { origin: s.url, 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@example.com', password: 'correct horse battery' }),
      })
      const cookie = login.headers.getSetCookie()[0]?.split(';')[0] ?? ''
      const created = await fetch(`${s.url}/api/users/invites`, {
        method: 'POST',
        headers: { origin: s.url, cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'ivy@example.com', name: 'Ivy', role: 'owner' }),
      })
      const token = ((await created.json()) as { url: string }).url.split('#')[1]

      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          fetch(`${s.url}/api/auth/invite/accept`, {
            method: 'POST',
            headers: { origin: s.url, 'content-type': 'application/json' },
            body: JSON.stringify({ token, password: `password number ${i}` }),
          }).then(async (res) => ({
            status: res.status,
            code: res.ok ? null : ((await res.json()) as { error: { code: string } }).error.code,
          })),
        ),
      )
      expect(answers.filter((a) => a.status === 201)).toHaveLength(1)
      expect(answers.filter((a) => a.status !== 201)).toEqual(
        Array.from({ length: 19 }, () => ({ status: 410, code: 'invite_used' })),
      )
      const [made] = await s.db
        .select({ n: count() })
        .from(users)
        .where(eq(users.email, 'ivy@example.com'))
      expect(made?.n).toBe(1)
      const [accepted] = await s.db
        .select({ n: count() })
        .from(auditEvents)
        .where(eq(auditEvents.action, 'user.invite_accepted'))
      expect(accepted?.n).toBe(1)
    } finally {
      await s.stop()
    }
  })
})
