import { count, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { auditEvents, sessions as sessionRows } from '../../db/schema'
import { LIMITS } from '../../services/login-throttle'
import { prepareFirstRun } from '../../services/setup'
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
beforeEach(() => {
  t = createTestApp()
})
afterEach(() => t.destroy())

describe('first run', () => {
  it('creates the bootstrap admin from config when no account exists', async () => {
    const b = createTestApp({
      TOKENDESK_BOOTSTRAP_ADMIN_EMAIL: 'Boss@Example.com',
      TOKENDESK_BOOTSTRAP_ADMIN_PASSWORD: 'a long enough password',
    })
    expect(await prepareFirstRun(b.deps, b.setup)).toEqual({ setupUrl: null })
    const res = await b.agent().api.auth.login.$post({
      json: { email: 'boss@example.com', password: 'a long enough password' },
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ email: 'boss@example.com', role: 'admin' })
    await b.destroy()
  })

  it('opens a one-time setup URL that only its token passes', async () => {
    const { setupUrl } = await prepareFirstRun(t.deps, t.setup)
    expect(setupUrl).toMatch(/^http:\/\/127\.0\.0\.1:8080\/setup#[\w-]{32}$/)
    const token = setupUrl?.split('#')[1] ?? ''
    const agent = t.agent()
    expect(await (await agent.api.auth.setup.$get()).json()).toEqual({ needed: true })
    const body = { email: 'first@example.com', name: 'First', password: 'a long enough password' }
    const wrong = await agent.api.auth.setup.$post({ json: { ...body, setupToken: 'nope' } })
    expect(wrong.status).toBe(403)
    const ok = await agent.api.auth.setup.$post({ json: { ...body, setupToken: token } })
    expect(ok.status).toBe(201)
    expect((await agent.api.auth.me.$get()).status).toBe(200)
    const again = await t.agent().api.auth.setup.$post({ json: { ...body, setupToken: token } })
    expect(again.status).toBe(404)
    expect(await (await agent.api.auth.setup.$get()).json()).toEqual({ needed: false })
  })
})

describe('login and logout', () => {
  beforeEach(async () => {
    await seedUser(t, { email: 'ann@example.com' })
  })

  it('signs in case-insensitively, sets a hardened cookie and a fresh id each time', async () => {
    const agent = t.agent()
    const res = await agent.api.auth.login.$post({
      json: { email: 'ANN@example.com', password: 'correct horse battery' },
    })
    expect(res.status).toBe(200)
    const cookie = res.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^sid=[\w-]{43};/)
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Lax/)
    expect(cookie).not.toMatch(/Domain/i)
    const first = agent.jar.get('sid')
    await agent.api.auth.login.$post({
      json: { email: 'ann@example.com', password: 'correct horse battery' },
    })
    expect(agent.jar.get('sid')).not.toBe(first)
  })

  it('uses __Host- and Secure when the public URL is https', async () => {
    const s = createTestApp({ TOKENDESK_PUBLIC_URL: 'https://desk.example.com' })
    await seedUser(s, { email: 'ann@example.com' })
    const res = await s.app.request('/api/auth/login', {
      method: 'POST',
      headers: { origin: 'https://desk.example.com', 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ann@example.com', password: 'correct horse battery' }),
    })
    expect(res.status).toBe(200)
    const cookie = res.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^__Host-sid=/)
    expect(cookie).toMatch(/Secure/)
    expect(cookie).toMatch(/Path=\//)
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=31536000/)
    await s.destroy()
  })

  it('answers unknown email and wrong password identically', async () => {
    const a = await t
      .agent()
      .api.auth.login.$post({ json: { email: 'nobody@example.com', password: 'x' } })
    const b = await t
      .agent()
      .api.auth.login.$post({ json: { email: 'ann@example.com', password: 'x' } })
    expect(a.status).toBe(401)
    expect(b.status).toBe(401)
    expect(await a.text()).toBe(await b.text())
  })

  it('ends the session on logout so a replayed cookie is refused', async () => {
    const agent = await signedIn(t, 'ann@example.com')
    const cookie = agent.jar.get('sid')
    expect((await agent.api.auth.logout.$post()).status).toBe(204)
    const replay = await t.app.request('/api/auth/me', { headers: { cookie: `sid=${cookie}` } })
    expect(replay.status).toBe(401)
    expect(await replay.json()).toEqual({
      error: { code: 'unauthenticated', message: 'Sign in first' },
    })
  })

  it('expires idle sessions after 30 minutes and any session after 12 hours', async () => {
    const agent = await signedIn(t, 'ann@example.com')
    t.clock.advance(29 * 60_000)
    expect((await agent.api.auth.me.$get()).status).toBe(200)
    t.clock.advance(29 * 60_000)
    expect((await agent.api.auth.me.$get()).status).toBe(200)
    t.clock.advance(30 * 60_000 + 1)
    expect((await agent.api.auth.me.$get()).status).toBe(401)

    const busy = await signedIn(t, 'ann@example.com')
    for (let h = 0; h < 12 * 2 - 1; h++) {
      t.clock.advance(29 * 60_000)
      expect((await busy.api.auth.me.$get()).status).toBe(200)
    }
    t.clock.advance(60 * 60_000)
    expect((await busy.api.auth.me.$get()).status).toBe(401)
  })

  it('ends other sessions on password change and keeps the current one', async () => {
    const laptop = await signedIn(t, 'ann@example.com')
    const phone = await signedIn(t, 'ann@example.com')
    const wrong = await laptop.api.auth.password.$post({
      json: { currentPassword: 'nope', newPassword: 'another long password' },
    })
    expect(wrong.status).toBe(400)
    const res = await laptop.api.auth.password.$post({
      json: { currentPassword: 'correct horse battery', newPassword: 'another long password' },
    })
    expect(res.status).toBe(204)
    expect((await laptop.api.auth.me.$get()).status).toBe(200)
    expect((await phone.api.auth.me.$get()).status).toBe(401)
    await expect(signedIn(t, 'ann@example.com')).rejects.toThrow()
    await expect(signedIn(t, 'ann@example.com', 'another long password')).resolves.toBeTruthy()
  })
})

describe('login throttling', () => {
  it('locks an account after repeated failures from many IPs, across a restart', async () => {
    const env = { TOKENDESK_TRUST_PROXY: '1' }
    const a = createTestApp(env)
    await seedUser(a, { email: 'ann@example.com' })
    for (let i = 0; i < LIMITS.account; i++) {
      const res = await a.app.request('/api/auth/login', {
        method: 'POST',
        headers: {
          origin: 'http://127.0.0.1:8080',
          'content-type': 'application/json',
          'x-forwarded-for': `10.0.0.${i}`,
        },
        body: JSON.stringify({ email: 'ann@example.com', password: 'wrong' }),
      })
      expect(res.status).toBe(401)
    }
    await a.close()
    const b = createTestApp(env, a.dir)
    b.clock.set(a.clock())
    const locked = await b.agent().api.auth.login.$post({
      json: { email: 'ann@example.com', password: 'correct horse battery' },
    })
    expect(locked.status).toBe(429)
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await errorOf(locked)).code).toBe('too_many_requests')
    b.clock.advance(15 * 60_000)
    await expect(signedIn(b, 'ann@example.com')).resolves.toBeTruthy()
    await b.destroy()
  })

  it('limits one IP spraying many accounts', async () => {
    for (let i = 0; i < LIMITS.ip; i++) {
      const res = await t
        .agent()
        .api.auth.login.$post({ json: { email: `u${i}@example.com`, password: 'x' } })
      expect(res.status).toBe(401)
    }
    const res = await t
      .agent()
      .api.auth.login.$post({ json: { email: 'another@example.com', password: 'x' } })
    expect(res.status).toBe(429)
  })
})

describe('password checks from a session share the throttle', () => {
  const sessions = async (app: TestApp) =>
    (await app.db.select({ n: count() }).from(sessionRows))[0]?.n

  beforeEach(async () => {
    await seedUser(t, { email: 'ann@example.com' })
  })

  it.each([
    ['reauth', (a: Agent, password: string) => a.api.auth.reauth.$post({ json: { password } })],
    [
      'password change',
      (a: Agent, password: string) =>
        a.api.auth.password.$post({
          json: { currentPassword: password, newPassword: 'another long password' },
        }),
    ],
  ])('ends the session after repeated wrong passwords on %s', async (_name, attempt) => {
    const agent = await signedIn(t, 'ann@example.com')
    expect(await sessions(t)).toBe(1)
    for (let i = 1; i < LIMITS.session; i++) {
      const res = await attempt(agent, `wrong ${i}`)
      expect(res.status).toBe(400)
      expect((await errorOf(res)).code).toBe('wrong_password')
    }
    const last = await attempt(agent, 'wrong again')
    expect(last.status).toBe(401)
    expect((await errorOf(last)).code).toBe('unauthenticated')
    expect(await sessions(t)).toBe(0)
    expect((await agent.api.auth.me.$get()).status).toBe(401)
    // The same failures count against the account: sign-in is locked too.
    const login = await t.agent().api.auth.login.$post({
      json: { email: 'ann@example.com', password: 'correct horse battery' },
    })
    expect(login.status).toBe(429)
    const [audit] = await t.db
      .select({ n: count() })
      .from(auditEvents)
      .where(eq(auditEvents.action, 'auth.password_failed'))
    expect(audit?.n).toBe(LIMITS.session)
  })

  it("keeps a session's count past the account window, so one cookie gets a fixed number of guesses", async () => {
    const agent = await signedIn(t, 'ann@example.com')
    for (let i = 0; i < 3; i++)
      expect((await agent.api.auth.reauth.$post({ json: { password: 'x' } })).status).toBe(400)
    t.clock.advance(16 * 60_000)
    expect((await agent.api.auth.me.$get()).status).toBe(200)
    expect((await agent.api.auth.reauth.$post({ json: { password: 'x' } })).status).toBe(400)
    expect((await agent.api.auth.reauth.$post({ json: { password: 'x' } })).status).toBe(401)
    expect((await agent.api.auth.me.$get()).status).toBe(401)
  })

  it('starts the count afresh after the right password, then ends at the limit', async () => {
    const agent = await signedIn(t, 'ann@example.com')
    for (let round = 0; round < 2; round++) {
      for (let i = 1; i < LIMITS.session; i++)
        expect((await agent.api.auth.reauth.$post({ json: { password: 'x' } })).status).toBe(400)
      const ok = await agent.api.auth.reauth.$post({ json: { password: 'correct horse battery' } })
      expect(ok.status).toBe(204)
    }
    for (let i = 1; i < LIMITS.session; i++)
      expect((await agent.api.auth.reauth.$post({ json: { password: 'x' } })).status).toBe(400)
    expect((await agent.api.auth.reauth.$post({ json: { password: 'x' } })).status).toBe(401)
  })

  it('refuses a reauth while sign-in to the account is locked, without ending the session', async () => {
    const agent = await signedIn(t, 'ann@example.com')
    for (let i = 0; i < LIMITS.account; i++) {
      const res = await t
        .agent()
        .api.auth.login.$post({ json: { email: 'ann@example.com', password: 'wrong' } })
      expect(res.status).toBe(401)
    }
    const res = await agent.api.auth.reauth.$post({ json: { password: 'correct horse battery' } })
    expect(res.status).toBe(429)
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await errorOf(res)).code).toBe('too_many_requests')
    expect((await agent.api.auth.me.$get()).status).toBe(200)
  })

  it('counts password checks against the caller IP as sign-ins do', async () => {
    const p = createTestApp({ TOKENDESK_TRUST_PROXY: '1' })
    await seedUser(p, { email: 'ann@example.com' })
    const agent = await signedIn(p, 'ann@example.com')
    const from = (ip: string, path: string, body: unknown) =>
      agent.fetch(`${TEST_ORIGIN}/api/auth/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
        body: JSON.stringify(body),
      })
    for (let i = 0; i < LIMITS.ip; i++) {
      const res = await from('10.0.0.9', 'login', { email: `u${i}@example.com`, password: 'x' })
      expect(res.status).toBe(401)
    }
    const good = { password: 'correct horse battery' }
    expect((await from('10.0.0.9', 'reauth', good)).status).toBe(429)
    expect((await from('10.0.0.8', 'reauth', good)).status).toBe(204)
    await p.destroy()
  })
})
