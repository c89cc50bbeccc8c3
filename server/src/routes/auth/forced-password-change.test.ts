import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { auditEvents } from '../../db/schema'
import {
  createTestApp,
  errorOf,
  seedUser,
  signedIn,
  TEST_ORIGIN,
  type TestApp,
} from '../../test/test-app'

type Agent = Awaited<ReturnType<typeof signedIn>>

let t: TestApp
let admin: Agent
beforeEach(async () => {
  t = createTestApp()
  await seedUser(t, { email: 'admin@example.com', role: 'admin' })
  admin = await signedIn(t, 'admin@example.com')
})
afterEach(() => t.destroy())

const CHOSEN_BY_ADMIN = 'admin chose this one'

async function personWhoMustChange() {
  const res = await admin.api.users.$post({
    json: {
      email: 'owen@example.com',
      name: 'Owen',
      password: CHOSEN_BY_ADMIN,
      role: 'owner',
      mustChangePassword: true,
    },
  })
  expect(res.status).toBe(201)
  return (await res.json()).id
}

/** Every call a forced session might try, besides the few it may make. */
async function expectLockedOut(agent: Agent) {
  for (const path of ['/api/tokens', '/api/overview', '/api/bot-keys', '/api/notifications']) {
    const res = await agent.fetch(`${TEST_ORIGIN}${path}`)
    expect({ path, status: res.status }).toEqual({ path, status: 403 })
    expect((await errorOf(res)).code).toBe('password_change_required')
  }
  const write = await agent.api['bot-keys'].$post({ json: { name: 'k', tokenIds: [] } })
  expect(write.status).toBe(403)
  expect((await errorOf(write)).code).toBe('password_change_required')
}

describe('must change password at next sign-in', () => {
  it('allows nothing but the change, which then lifts the lock', async () => {
    await personWhoMustChange()
    const owen = await signedIn(t, 'owen@example.com', CHOSEN_BY_ADMIN)
    const me = await owen.api.auth.me.$get()
    expect(await me.json()).toMatchObject({ mustChangePassword: true })
    await expectLockedOut(owen)

    const same = await owen.api.auth.password.$post({
      json: { currentPassword: CHOSEN_BY_ADMIN, newPassword: CHOSEN_BY_ADMIN },
    })
    expect(same.status).toBe(400)
    expect((await errorOf(same)).code).toBe('password_unchanged')

    const changed = await owen.api.auth.password.$post({
      json: { currentPassword: CHOSEN_BY_ADMIN, newPassword: 'owen picked this himself' },
    })
    expect(changed.status).toBe(204)
    expect(await (await owen.api.auth.me.$get()).json()).toMatchObject({
      mustChangePassword: false,
    })
    expect((await owen.fetch(`${TEST_ORIGIN}/api/tokens`)).status).toBe(200)
    const [row] = await t.db
      .select({ detail: auditEvents.detail })
      .from(auditEvents)
      .where(eq(auditEvents.action, 'user.password_changed'))
    expect(JSON.parse(row?.detail ?? '{}')).toEqual({ required: true })
  })

  it('still lets the person sign out', async () => {
    await personWhoMustChange()
    const owen = await signedIn(t, 'owen@example.com', CHOSEN_BY_ADMIN)
    expect((await owen.api.auth.logout.$post()).status).toBe(204)
    expect((await owen.api.auth.me.$get()).status).toBe(401)
  })

  it('is off for accounts created without asking for it', async () => {
    await admin.api.users.$post({
      json: { email: 'ann@example.com', name: 'Ann', password: CHOSEN_BY_ADMIN, role: 'owner' },
    })
    const ann = await signedIn(t, 'ann@example.com', CHOSEN_BY_ADMIN)
    expect((await ann.fetch(`${TEST_ORIGIN}/api/tokens`)).status).toBe(200)
  })
})

describe('an admin resetting a password', () => {
  it('ends the person’s sessions and makes them choose their own next time', async () => {
    const ann = await seedUser(t, { email: 'ann@example.com' })
    const before = await signedIn(t, 'ann@example.com')
    const res = await admin.api.users[':id'].password.$put({
      param: { id: ann.id },
      json: { password: CHOSEN_BY_ADMIN },
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ id: ann.id, mustChangePassword: true })
    expect((await before.api.auth.me.$get()).status).toBe(401)
    await expect(signedIn(t, 'ann@example.com')).rejects.toThrow()

    const after = await signedIn(t, 'ann@example.com', CHOSEN_BY_ADMIN)
    await expectLockedOut(after)
    const [audit] = await t.db
      .select({ detail: auditEvents.detail })
      .from(auditEvents)
      .where(eq(auditEvents.action, 'user.password_reset'))
    expect(audit?.detail).not.toContain(CHOSEN_BY_ADMIN)
  })

  it('can leave the password as is when the admin unticks the box', async () => {
    const ann = await seedUser(t, { email: 'ann@example.com' })
    await admin.api.users[':id'].password.$put({
      param: { id: ann.id },
      json: { password: CHOSEN_BY_ADMIN, mustChangePassword: false },
    })
    const after = await signedIn(t, 'ann@example.com', CHOSEN_BY_ADMIN)
    expect((await after.fetch(`${TEST_ORIGIN}/api/tokens`)).status).toBe(200)
  })

  it('refuses owners, a stale password, the admin’s own account and unknown ids', async () => {
    const ann = await seedUser(t, { email: 'ann@example.com' })
    const owner = await signedIn(t, 'ann@example.com')
    const reset = (agent: Agent, id: string) =>
      agent.api.users[':id'].password.$put({
        param: { id },
        json: { password: CHOSEN_BY_ADMIN },
      })
    expect((await reset(owner, ann.id)).status).toBe(404)
    const self = await reset(admin, (await (await admin.api.auth.me.$get()).json()).id)
    expect(self.status).toBe(409)
    expect((await reset(admin, 'nobody')).status).toBe(404)
    t.clock.advance(11 * 60_000)
    const stale = await reset(admin, ann.id)
    expect(stale.status).toBe(401)
    expect((await errorOf(stale)).code).toBe('reauth_required')
    await expect(signedIn(t, 'ann@example.com')).resolves.toBeTruthy()
  })
})
