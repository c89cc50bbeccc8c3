import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { RunningEmulator } from './index'
import { startEmulator } from './index'
import type { Credentials } from './testing/test-support'
import { consent, getSession, json, pkce, postToken } from './testing/test-support'

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

const exchange = (code: string, extra: Record<string, string> = {}, creds = client) =>
  postToken(emu, creds, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirect,
    ...extra,
  })

async function codeFor(extra: Record<string, string> = {}): Promise<string> {
  const back = await consent(emu, {
    client_id: client.oauthId,
    redirect_uri: redirect,
    state: 's1',
    ...extra,
  })
  return back.searchParams.get('code') ?? ''
}

describe('authorization_code grant', () => {
  it('exchanges a code for a user token pair bound to the chosen user', async () => {
    const back = await consent(
      emu,
      { client_id: client.oauthId, redirect_uri: redirect, scope: 'view_group' },
      'approve',
      userId,
    )
    const res = await exchange(back.searchParams.get('code') ?? '')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const body = await json<Record<string, unknown>>(res)
    expect(body).toMatchObject({ scope: 'view_group', token_type: 'bearer', expires_in: 3600 })
    expect(body.access_token).toMatch(/^[A-Za-z0-9]{40}$/)
    expect(body.refresh_token).toMatch(/^[A-Za-z0-9]{40}$/)
    const session = await json<Record<string, unknown>>(
      await getSession(emu, String(body.access_token)),
    )
    expect(session.owner_type).toBe('user')
    expect(session.owner).toEqual({ id: userId, name: 'Grace Hopper', mention_name: 'grace' })
  })

  it('accepts a JSON body and redirect_url as an alias', async () => {
    const code = await codeFor()
    const res = await postToken(
      emu,
      client,
      { grant_type: 'authorization_code', code, redirect_url: redirect },
      { json: true },
    )
    expect(res.status).toBe(200)
  })

  it('codes are single-use; a replay revokes what the code produced', async () => {
    const code = await codeFor()
    const first = await json<{ access_token: string; refresh_token: string }>(await exchange(code))
    const replay = await exchange(code)
    expect(replay.status).toBe(400)
    expect(await replay.json()).toEqual({
      error: {
        code: 400,
        message: expect.stringMatching(/^invalid_grant: /),
        type: 'invalid_grant',
      },
    })
    expect((await getSession(emu, first.access_token)).status).toBe(401)
    const refreshed = await postToken(emu, client, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
    })
    expect(refreshed.status).toBe(400)
  })

  it('rejects a mismatched or missing redirect_uri, an unknown code and another client', async () => {
    const code = await codeFor()
    const mismatch = await exchange(code, { redirect_uri: 'http://127.0.0.1:9/other' })
    expect(mismatch.status).toBe(400)
    expect((await json<{ error: { type: string } }>(mismatch)).error.type).toBe('invalid_grant')
    const missing = await postToken(emu, client, { grant_type: 'authorization_code', code })
    expect((await json<{ error: { type: string } }>(missing)).error.type).toBe('invalid_grant')
    expect((await json<{ error: { type: string } }>(await exchange('bogus'))).error.type).toBe(
      'invalid_grant',
    )
    const other = emu.registerClient({
      groupId: emu.state.clients.get(client.oauthId)?.groupId ?? 0,
      scopes: ['view_group'],
    })
    expect((await exchange(code, {}, other)).status).toBe(400)
    // None of the failures consumed the code.
    expect((await exchange(code)).status).toBe(200)
  })

  it('PKCE S256: the right verifier succeeds', async () => {
    const { verifier, challenge } = pkce()
    const code = await codeFor({ code_challenge: challenge, code_challenge_method: 'S256' })
    expect((await exchange(code, { code_verifier: verifier })).status).toBe(200)
  })

  it('PKCE S256: a wrong or missing verifier fails with invalid_grant', async () => {
    const { challenge } = pkce()
    const code = await codeFor({ code_challenge: challenge, code_challenge_method: 'S256' })
    const wrong = await exchange(code, { code_verifier: pkce().verifier })
    expect((await json<{ error: { type: string } }>(wrong)).error.type).toBe('invalid_grant')
    const missing = await exchange(code)
    expect((await json<{ error: { type: string } }>(missing)).error.type).toBe('invalid_grant')
  })

  it('rejects a verifier when no challenge was sent', async () => {
    const code = await codeFor()
    const res = await exchange(code, { code_verifier: pkce().verifier })
    expect((await json<{ error: { type: string } }>(res)).error.type).toBe('invalid_grant')
  })
})
