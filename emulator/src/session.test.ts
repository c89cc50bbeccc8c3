import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { RunningEmulator } from './index'
import { startEmulator } from './index'
import type { Credentials } from './testing/test-support'
import { getSession, json, postToken, userTokens } from './testing/test-support'

let emu: RunningEmulator
let client: Credentials
let groupId: number

beforeAll(async () => {
  emu = await startEmulator({ port: 0 })
})
afterAll(() => emu.close())
beforeEach(() => {
  emu.reset()
  groupId = emu.createGroup({ name: 'Acme' }).id
  emu.createUser({ groupId, name: 'Grace Hopper', mentionName: 'grace' })
  client = emu.registerClient({ groupId, scopes: ['send_notification', 'view_room'], name: 'Bot' })
})

async function addonToken(): Promise<string> {
  const res = await postToken(emu, client, { grant_type: 'client_credentials', scope: 'view_room' })
  return (await json<{ access_token: string }>(res)).access_token
}

const AUTH_TEST = {
  success: {
    code: 202,
    message: 'This auth_token has access to use this method.',
    type: 'Accepted',
  },
}

describe('GET /v2/oauth/token/{token}', () => {
  it('describes an add-on token', async () => {
    const token = await addonToken()
    const res = await getSession(emu, token)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      access_token: token,
      expires_in: 3600,
      scopes: ['view_room'],
      owner_type: 'client',
      client: {
        id: client.oauthId,
        name: 'Bot',
        room: null,
        allowed_scopes: ['send_notification', 'view_room'],
      },
    })
  })

  it('describes a user token with its owner', async () => {
    const pair = await userTokens(emu, client, 'send_notification')
    const doc = await json<Record<string, unknown>>(await getSession(emu, pair.access_token))
    expect(doc).toMatchObject({
      owner_type: 'user',
      scopes: ['send_notification'],
      owner: { name: 'Grace Hopper', mention_name: 'grace' },
      client: { id: client.oauthId },
    })
  })

  it('accepts ?auth_token= instead of the header', async () => {
    const token = await addonToken()
    const res = await fetch(`${emu.url}/v2/oauth/token/${token}?auth_token=${token}`)
    expect(res.status).toBe(200)
  })

  it('401 when the bearer is missing, differs from the path, or is unknown', async () => {
    const token = await addonToken()
    const other = await addonToken()
    const none = await fetch(`${emu.url}/v2/oauth/token/${token}`)
    expect(none.status).toBe(401)
    expect((await json<{ error: { type: string } }>(none)).error.type).toBe('Unauthorized')
    const mismatch = await getSession(emu, token, other)
    expect(mismatch.status).toBe(401)
    expect(await mismatch.json()).toEqual({
      error: { code: 401, message: 'Invalid OAuth session', type: 'Unauthorized' },
    })
    const unknown = await getSession(emu, 'x'.repeat(40))
    expect(unknown.status).toBe(401)
  })

  it('auth_test=true answers 202 without running, and still checks the token', async () => {
    const token = await addonToken()
    const res = await getSession(emu, token, token, '?auth_test=true')
    expect(res.status).toBe(202)
    expect(await res.json()).toEqual(AUTH_TEST)
    const del = await fetch(`${emu.url}/v2/oauth/token/${token}?auth_test=true`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${token}` },
    })
    expect(del.status).toBe(202)
    // The DELETE did not run.
    expect((await getSession(emu, token)).status).toBe(200)
    expect((await getSession(emu, 'y'.repeat(40), 'y'.repeat(40), '?auth_test=true')).status).toBe(
      401,
    )
  })
})

describe('DELETE /v2/oauth/token/{token}', () => {
  it('revokes the token: 204, then 401', async () => {
    const token = await addonToken()
    const res = await fetch(`${emu.url}/v2/oauth/token/${token}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${token}` },
    })
    expect(res.status).toBe(204)
    expect(await res.text()).toBe('')
    expect((await getSession(emu, token)).status).toBe(401)
  })

  it('cannot revoke another token', async () => {
    const token = await addonToken()
    const other = await addonToken()
    const res = await fetch(`${emu.url}/v2/oauth/token/${token}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${other}` },
    })
    expect(res.status).toBe(401)
    expect((await getSession(emu, token)).status).toBe(200)
  })
})

describe('personal and room notification tokens', () => {
  it('personal tokens act as their owner with the chosen scopes and a long lifetime', async () => {
    const user = emu.createUser({ groupId, name: 'Linus', mentionName: 'linus' })
    const minted = emu.mintPersonalToken({
      userId: user.id,
      scopes: ['view_room', 'send_message'],
      label: 'CLI',
    })
    expect(minted).toMatchObject({
      group_id: groupId,
      scope: 'view_room send_message',
      token_type: 'bearer',
    })
    expect(minted.expires_in).toBe(365 * 24 * 3600)
    const doc = await json<Record<string, unknown>>(await getSession(emu, minted.access_token))
    expect(doc).toMatchObject({
      owner_type: 'user',
      owner: { id: user.id, name: 'Linus', mention_name: 'linus' },
      scopes: ['view_room', 'send_message'],
      client: { name: 'CLI', room: null },
    })
  })

  it('room tokens are client-owned, bound to one room, send_notification only', async () => {
    const room = emu.createRoom({ groupId, name: 'Deploys' })
    const minted = emu.mintRoomToken({ roomId: room.id })
    expect(minted.scope).toBe('send_notification')
    const doc = await json<Record<string, unknown>>(await getSession(emu, minted.access_token))
    expect(doc).toMatchObject({
      owner_type: 'client',
      scopes: ['send_notification'],
      client: { room: { id: room.id, name: 'Deploys' }, allowed_scopes: ['send_notification'] },
    })
    expect(doc.owner).toBeUndefined()
  })

  it('their holder clients cannot use the token endpoint', async () => {
    const minted = emu.mintRoomToken({ roomId: emu.createRoom({ groupId }).id })
    const doc = await json<{ client: { id: string } }>(await getSession(emu, minted.access_token))
    const res = await postToken(
      emu,
      { oauthId: doc.client.id, oauthSecret: '' },
      { grant_type: 'client_credentials' },
    )
    expect(res.status).toBe(401)
  })
})
