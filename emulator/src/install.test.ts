import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { RunningEmulator } from './index'
import { startEmulator } from './index'
import type { FakeAddon } from './testing/test-support'
import { getSession, json, postToken, startFakeAddon } from './testing/test-support'

let emu: RunningEmulator
let addon: FakeAddon | undefined
let groupId: number
let roomId: number

beforeAll(async () => {
  emu = await startEmulator({ port: 0 })
})
afterAll(() => emu.close())
beforeEach(() => {
  emu.reset()
  groupId = emu.createGroup({ name: 'Acme' }).id
  roomId = emu.createRoom({ groupId, name: 'Ops' }).id
})
afterEach(async () => {
  await addon?.close()
  addon = undefined
})

interface InstallReply {
  installed: boolean
  installation?: { oauthId: string; groupId: number; roomId: number | null; scopes: string[] }
  callback: { status: number | null; body: string } | null
  error?: { code: number; message: string }
}

async function install(
  body: Record<string, unknown>,
): Promise<{ status: number; reply: InstallReply }> {
  const res = await fetch(`${emu.url}/admin/api/installations`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: res.status, reply: await json<InstallReply>(res) }
}

describe('install from a descriptor URL', () => {
  it('global install: fetches the descriptor and POSTs the HipChat install callback', async () => {
    addon = await startFakeAddon()
    const { status, reply } = await install({ descriptorUrl: addon.descriptorUrl, groupId })
    expect(status).toBe(201)
    expect(reply.installed).toBe(true)
    expect(reply.callback).toEqual({
      url: `${addon.url}/installable`,
      status: 201,
      body: '{"installed":"yes"}',
    })
    const post = addon.calls.find((c) => c.method === 'POST')
    expect(post?.path).toBe('/installable')
    expect(post?.contentType).toBe('application/json')
    const sent = JSON.parse(post?.body ?? '{}') as Record<string, unknown>
    expect(Object.keys(sent)).toEqual(['capabilitiesUrl', 'oauthId', 'oauthSecret', 'groupId'])
    expect(sent.capabilitiesUrl).toBe(emu.capabilitiesUrl)
    expect(sent.groupId).toBe(groupId)
    expect(sent.oauthId).toBe(reply.installation?.oauthId)
    expect(reply.installation).toMatchObject({
      groupId,
      roomId: null,
      scopes: ['send_notification', 'view_room'],
    })

    // The credentials work at the token endpoint with the descriptor's scopes.
    const creds = { oauthId: String(sent.oauthId), oauthSecret: String(sent.oauthSecret) }
    const token = await postToken(emu, creds, { grant_type: 'client_credentials' })
    expect(token.status).toBe(200)
    expect(await json(token)).toMatchObject({
      group_id: groupId,
      group_name: 'Acme',
      scope: 'send_notification view_room',
    })
  })

  it('room install: roomId is an integer in the callback and the client is room-bound', async () => {
    addon = await startFakeAddon()
    const { status, reply } = await install({ descriptorUrl: addon.descriptorUrl, roomId })
    expect(status).toBe(201)
    const sent = JSON.parse(addon.calls[0]?.body ?? '{}') as Record<string, unknown>
    expect(Object.keys(sent)).toEqual([
      'capabilitiesUrl',
      'oauthId',
      'oauthSecret',
      'groupId',
      'roomId',
    ])
    expect(sent.roomId).toBe(roomId)
    expect(sent.groupId).toBe(groupId)
    expect(reply.installation?.roomId).toBe(roomId)
  })

  it('enforces allowRoom and allowGlobal without calling the add-on', async () => {
    addon = await startFakeAddon({ allowRoom: false })
    const room = await install({ descriptorUrl: addon.descriptorUrl, roomId })
    expect(room.status).toBe(400)
    expect(room.reply.error?.message).toMatch(/allowRoom/)
    expect((await install({ descriptorUrl: addon.descriptorUrl, groupId })).status).toBe(201)
    await addon.close()

    addon = await startFakeAddon({ allowGlobal: false })
    const global = await install({ descriptorUrl: addon.descriptorUrl, groupId })
    expect(global.status).toBe(400)
    expect(global.reply.error?.message).toMatch(/allowGlobal/)
    expect((await install({ descriptorUrl: addon.descriptorUrl, roomId })).status).toBe(201)
    expect(addon.calls.filter((c) => c.method === 'POST')).toHaveLength(1)
  })

  it('a failed callback reports the answer and removes the client', async () => {
    addon = await startFakeAddon()
    addon.installStatus = 403
    const { status, reply } = await install({ descriptorUrl: addon.descriptorUrl, groupId })
    expect(status).toBe(502)
    expect(reply.installed).toBe(false)
    expect(reply.callback).toMatchObject({ status: 403, body: '{"installed":"yes"}' })
    const sent = JSON.parse(addon.calls[0]?.body ?? '{}') as {
      oauthId: string
      oauthSecret: string
    }
    expect(emu.state.clients.get(sent.oauthId)).toBeUndefined()
    const token = await postToken(emu, sent, { grant_type: 'client_credentials' })
    expect(token.status).toBe(401)
  })

  it('refuses descriptor and callback URLs off loopback, and unreachable add-ons', async () => {
    const offHost = await install({ descriptorUrl: 'http://example.com/descriptor', groupId })
    expect(offHost.status).toBe(400)
    addon = await startFakeAddon({ callbackUrl: 'https://addon.example.com/installable' })
    const badCallback = await install({ descriptorUrl: addon.descriptorUrl, groupId })
    expect(badCallback.status).toBe(422)
    expect(emu.state.clients.list()).toHaveLength(0)
    const down = await install({ descriptorUrl: 'http://127.0.0.1:9/descriptor', groupId })
    expect(down.status).toBe(502)
  })
})

describe('uninstall', () => {
  it('DELETEs {callbackUrl}/{oauthId}, then the client gets 401 and its tokens are revoked', async () => {
    addon = await startFakeAddon()
    const { reply } = await install({ descriptorUrl: addon.descriptorUrl, groupId })
    const sent = JSON.parse(addon.calls[0]?.body ?? '{}') as {
      oauthId: string
      oauthSecret: string
    }
    const token = await json<{ access_token: string }>(
      await postToken(emu, sent, { grant_type: 'client_credentials' }),
    )
    const res = await fetch(`${emu.url}/admin/api/installations/${reply.installation?.oauthId}`, {
      method: 'DELETE',
    })
    expect(res.status).toBe(200)
    expect(await json(res)).toMatchObject({ uninstalled: true, callback: { status: 204 } })
    const del = addon.calls.find((c) => c.method === 'DELETE')
    expect(del).toEqual({
      method: 'DELETE',
      path: `/installable/${sent.oauthId}`,
      contentType: null,
      body: '',
    })
    expect((await postToken(emu, sent, { grant_type: 'client_credentials' })).status).toBe(401)
    expect((await getSession(emu, token.access_token)).status).toBe(401)
  })

  it('unknown installation: 400', async () => {
    const res = await fetch(`${emu.url}/admin/api/installations/nope`, { method: 'DELETE' })
    expect(res.status).toBe(400)
  })
})

describe('install through the admin HTML page', () => {
  it('installs into a room from the form and shows the result', async () => {
    addon = await startFakeAddon()
    const res = await fetch(`${emu.url}/admin/install`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        descriptorUrl: addon.descriptorUrl,
        target: `room:${roomId}`,
      }).toString(),
    })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('Add-on installed')
    expect(JSON.parse(addon.calls[0]?.body ?? '{}').roomId).toBe(roomId)
    const page = await (await fetch(`${emu.url}/admin`)).text()
    expect(page).toContain('Test Add-on')
    expect(page).toMatch(/<form method="post" action="\/admin\/uninstall"/)
  })
})
