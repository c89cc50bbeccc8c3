import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { RunningEmulator } from './index'
import { startEmulator } from './index'
import type { Credentials } from './testing/test-support'
import { basic, getSession, json, postToken } from './testing/test-support'

let emu: RunningEmulator
let client: Credentials
let groupId: number
let clock = Date.now()

beforeAll(async () => {
  emu = await startEmulator({ port: 0, addonTtl: 120, now: () => clock })
})
afterAll(() => emu.close())
beforeEach(() => {
  emu.reset()
  const group = emu.createGroup({ name: 'Acme' })
  groupId = group.id
  client = emu.registerClient({ groupId, scopes: ['send_notification', 'view_room'] })
})

interface TokenBody {
  access_token: string
  expires_in: number
  group_id: number
  group_name: string
  scope: string
  token_type: string
  refresh_token?: string
}

describe('client authentication', () => {
  it('401 with the envelope when Basic auth is missing', async () => {
    const res = await postToken(emu, null, { grant_type: 'client_credentials' })
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic/)
    const body = await json<{ error: { code: number; type: string; message: string } }>(res)
    expect(body.error.code).toBe(401)
    expect(body.error.type).toBe('Unauthorized')
  })

  it('401 for a wrong secret and for an unknown client', async () => {
    const wrong = await postToken(
      emu,
      { ...client, oauthSecret: 'nope' },
      { grant_type: 'client_credentials' },
    )
    expect(wrong.status).toBe(401)
    expect((await json<{ error: { type: string } }>(wrong)).error.type).toBe('Unauthorized')
    const unknown = await postToken(
      emu,
      { oauthId: 'no-such-client', oauthSecret: 'x' },
      { grant_type: 'client_credentials' },
    )
    expect(unknown.status).toBe(401)
  })

  it('ignores credentials sent in the body', async () => {
    const res = await postToken(emu, null, {
      grant_type: 'client_credentials',
      client_id: client.oauthId,
      client_secret: client.oauthSecret,
    })
    expect(res.status).toBe(401)
  })
})

describe('client_credentials', () => {
  it('issues a 40-char bearer token with group info, form-encoded', async () => {
    const res = await postToken(emu, client, {
      grant_type: 'client_credentials',
      scope: 'send_notification',
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const body = await json<TokenBody>(res)
    expect(body.access_token).toMatch(/^[A-Za-z0-9]{40}$/)
    expect(body).toMatchObject({
      expires_in: 120,
      group_id: groupId,
      group_name: 'Acme',
      scope: 'send_notification',
      token_type: 'bearer',
    })
    expect(body.refresh_token).toBeUndefined()
  })

  it('accepts a JSON body, with scope as a string or an array', async () => {
    const asString = await postToken(
      emu,
      client,
      { grant_type: 'client_credentials', scope: 'view_room send_notification' },
      { json: true },
    )
    expect(asString.status).toBe(200)
    expect((await json<TokenBody>(asString)).scope).toBe('view_room send_notification')
    const asArray = await fetch(`${emu.url}/v2/oauth/token`, {
      method: 'POST',
      headers: {
        Authorization: basic(client.oauthId, client.oauthSecret),
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ grant_type: 'client_credentials', scope: ['view_room'] }),
    })
    expect((await json<TokenBody>(asArray)).scope).toBe('view_room')
  })

  it('accepts grant_type and scope in the query string with an empty body', async () => {
    const res = await fetch(
      `${emu.url}/v2/oauth/token?grant_type=client_credentials&scope=view_room`,
      {
        method: 'POST',
        headers: { Authorization: basic(client.oauthId, client.oauthSecret) },
      },
    )
    expect(res.status).toBe(200)
    expect((await json<TokenBody>(res)).scope).toBe('view_room')
  })

  it('grants every client scope when scope is empty or omitted', async () => {
    for (const params of [{}, { scope: '' }] as Record<string, string>[]) {
      const res = await postToken(emu, client, { grant_type: 'client_credentials', ...params })
      expect((await json<TokenBody>(res)).scope).toBe('send_notification view_room')
    }
  })

  it('400 when the scopes are not a subset, or unknown', async () => {
    const res = await postToken(emu, client, {
      grant_type: 'client_credentials',
      scope: 'admin_group',
    })
    expect(res.status).toBe(400)
    const body = await json<{ error: { code: number; message: string; type: string } }>(res)
    expect(body.error).toMatchObject({ code: 400, type: 'Bad Request' })
    expect(body.error.message).toMatch(/^invalid_scope/)
    const unknown = await postToken(emu, client, { grant_type: 'client_credentials', scope: 'fly' })
    expect(unknown.status).toBe(400)
  })

  it('400 for a missing, unknown or unemulated grant type, and for a broken JSON body', async () => {
    for (const grant of ['', 'password', 'banana']) {
      const res = await postToken(emu, client, grant ? { grant_type: grant } : {})
      expect(res.status).toBe(400)
      expect((await json<{ error: { code: number } }>(res)).error.code).toBe(400)
    }
    const broken = await fetch(`${emu.url}/v2/oauth/token`, {
      method: 'POST',
      headers: {
        Authorization: basic(client.oauthId, client.oauthSecret),
        'Content-Type': 'application/json',
      },
      body: '{"grant_type":',
    })
    expect(broken.status).toBe(400)
  })

  it('413 for an oversized body', async () => {
    const res = await postToken(emu, client, {
      grant_type: 'client_credentials',
      scope: 'x'.repeat(70_000),
    })
    expect(res.status).toBe(413)
  })

  it('binds room-installed clients to their room', async () => {
    const room = emu.createRoom({ groupId, name: 'Ops' })
    const roomClient = emu.registerClient({
      groupId,
      roomId: room.id,
      scopes: ['send_notification'],
    })
    const res = await postToken(emu, roomClient, { grant_type: 'client_credentials' })
    const token = (await json<TokenBody>(res)).access_token
    const session = await json<{ client: { room: unknown } }>(await getSession(emu, token))
    expect(session.client.room).toEqual({ id: room.id, name: 'Ops' })
  })

  it('tokens expire after addonTtl', async () => {
    const res = await postToken(emu, client, { grant_type: 'client_credentials' })
    const token = (await json<TokenBody>(res)).access_token
    clock += 60_000
    const half = await json<{ expires_in: number }>(await getSession(emu, token))
    expect(half.expires_in).toBe(60)
    clock += 60_000
    const expired = await getSession(emu, token)
    expect(expired.status).toBe(401)
    expect((await json<{ error: { message: string } }>(expired)).error.message).toBe(
      'Invalid OAuth session',
    )
  })
})
