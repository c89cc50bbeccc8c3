import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { RunningEmulator } from './index'
import { startEmulator } from './index'
import type { Credentials } from './testing/test-support'
import { authorizeUrl, consent, readForm } from './testing/test-support'

let emu: RunningEmulator
let client: Credentials
let userId: number
const redirect = 'http://127.0.0.1:9/oauth/callback'

beforeAll(async () => {
  emu = await startEmulator({ port: 0 })
})
afterAll(() => emu.close())
beforeEach(() => {
  emu.reset()
  const group = emu.createGroup({ name: 'Acme' })
  userId = emu.createUser({ groupId: group.id, name: 'Grace Hopper', mentionName: 'grace' }).id
  emu.createUser({ groupId: group.id, name: 'Alan Turing' })
  client = emu.registerClient({ groupId: group.id, scopes: ['send_notification', 'view_group'] })
})

describe('consent page', () => {
  it('is plain HTML: user picker, labelled inputs, Approve/Deny, no script', async () => {
    const res = await fetch(
      authorizeUrl(emu, {
        client_id: client.oauthId,
        redirect_uri: redirect,
        scope: 'view_group',
        state: 'x',
      }),
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/text\/html/)
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/)
    const html = await res.text()
    expect(html).not.toMatch(/<script/i)
    expect(html).toMatch(/<form method="post" action="\/users\/authorize">/)
    expect(html).toMatch(/<label for="user_id">/)
    expect(html).toMatch(/<select id="user_id" name="user_id"/)
    expect(html).toContain('Grace Hopper')
    expect(html).toContain('Alan Turing')
    expect(html).toMatch(/<button type="submit" name="decision" value="approve"[^>]*>Approve</)
    expect(html).toMatch(/<button type="submit" name="decision" value="deny"[^>]*>Deny</)
    expect(html).toContain('View Group')
    expect(readForm(html).hidden.request_id).toMatch(/^[A-Za-z0-9]{32}$/)
  })

  it('approve redirects with code and state', async () => {
    const back = await consent(emu, {
      client_id: client.oauthId,
      redirect_uri: redirect,
      state: 'xyz',
    })
    expect(`${back.origin}${back.pathname}`).toBe(redirect)
    expect(back.searchParams.get('state')).toBe('xyz')
    expect(back.searchParams.get('code')).toMatch(/^[A-Za-z0-9]+$/)
  })

  it('deny redirects with error=access_denied and the state', async () => {
    const back = await consent(
      emu,
      { client_id: client.oauthId, redirect_uri: redirect, state: 'st' },
      'deny',
    )
    expect(back.searchParams.get('error')).toBe('access_denied')
    expect(back.searchParams.get('state')).toBe('st')
    expect(back.searchParams.get('code')).toBeNull()
  })

  it('unknown client or bad redirect_uri: 400 HTML page, no redirect', async () => {
    const unknown = await fetch(authorizeUrl(emu, { client_id: 'nope', redirect_uri: redirect }), {
      redirect: 'manual',
    })
    expect(unknown.status).toBe(400)
    expect(unknown.headers.get('location')).toBeNull()
    expect(unknown.headers.get('content-type')).toMatch(/text\/html/)
    const badRedirect = await fetch(
      authorizeUrl(emu, { client_id: client.oauthId, redirect_uri: 'javascript:alert(1)' }),
      { redirect: 'manual' },
    )
    expect(badRedirect.status).toBe(400)
  })

  it('scope outside the client’s scopes redirects with invalid_scope', async () => {
    const res = await fetch(
      authorizeUrl(emu, {
        client_id: client.oauthId,
        redirect_uri: redirect,
        scope: 'admin_group',
        state: 'q',
      }),
      { redirect: 'manual' },
    )
    expect(res.status).toBe(302)
    const back = new URL(res.headers.get('location') ?? '')
    expect(back.searchParams.get('error')).toBe('invalid_scope')
    expect(back.searchParams.get('state')).toBe('q')
  })

  it('rejects PKCE plain', async () => {
    const res = await fetch(
      authorizeUrl(emu, {
        client_id: client.oauthId,
        redirect_uri: redirect,
        code_challenge: 'a'.repeat(43),
        code_challenge_method: 'plain',
      }),
      { redirect: 'manual' },
    )
    expect(res.status).toBe(302)
    expect(new URL(res.headers.get('location') ?? '').searchParams.get('error')).toBe(
      'invalid_request',
    )
  })

  it('refuses a cross-site form post and a user from another group', async () => {
    const page = await fetch(
      authorizeUrl(emu, { client_id: client.oauthId, redirect_uri: redirect }),
    )
    const { hidden } = readForm(await page.text())
    const crossSite = await fetch(`${emu.url}/users/authorize`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: 'https://evil.example',
      },
      body: new URLSearchParams({
        ...hidden,
        user_id: String(userId),
        decision: 'approve',
      }).toString(),
      redirect: 'manual',
    })
    expect(crossSite.status).toBe(403)
    const outsider = emu.createUser({ groupId: emu.createGroup().id })
    const wrongUser = await fetch(`${emu.url}/users/authorize`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        ...hidden,
        user_id: String(outsider.id),
        decision: 'approve',
      }).toString(),
      redirect: 'manual',
    })
    expect(wrongUser.status).toBe(400)
  })
})
