import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { RunningEmulator } from './index'
import { startEmulator } from './index'
import { getSession, json, postToken } from './testing/test-support'

let emu: RunningEmulator

beforeAll(async () => {
  emu = await startEmulator({ port: 0 })
})
afterAll(() => emu.close())
beforeEach(() => emu.reset())

const api = (path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') =>
  fetch(`${emu.url}/admin/api${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
  })

const form = (path: string, fields: Record<string, string>) =>
  fetch(`${emu.url}/admin${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  })

describe('admin JSON API', () => {
  it('starts seeded and lists everything', async () => {
    const state = await json<Record<string, unknown[]>>(await api('/state'))
    expect(state.groups).toHaveLength(1)
    expect(state.users).toHaveLength(1)
    expect(state.rooms).toHaveLength(1)
    expect(state.clients).toEqual([])
  })

  it('creates groups, users and rooms', async () => {
    const group = await json<{ id: number; name: string }>(
      await api('/groups', { name: 'Initech' }),
    )
    expect(group.name).toBe('Initech')
    const user = await api('/users', {
      groupId: group.id,
      name: 'Peter Gibbons',
      mentionName: 'peter',
    })
    expect(user.status).toBe(201)
    expect(await json(user)).toMatchObject({ groupId: group.id, mentionName: 'peter' })
    const room = await json<{ id: number; groupId: number }>(
      await api('/rooms', { groupId: group.id, name: 'TPS' }),
    )
    expect(room.groupId).toBe(group.id)
    const users = await json<unknown[]>(await api('/users'))
    expect(users).toHaveLength(2)
  })

  it('400 envelope for bad input', async () => {
    const res = await api('/users', { groupId: 999999 })
    expect(res.status).toBe(400)
    expect((await json<{ error: { code: number } }>(res)).error.code).toBe(400)
    expect((await api('/clients', { scopes: ['fly'] })).status).toBe(400)
    const notJson = await fetch(`${emu.url}/admin/api/groups`, { method: 'POST', body: 'name=x' })
    expect(notJson.status).toBe(400)
  })

  it('registers a client and mints personal and room tokens', async () => {
    const { groups, users, rooms } = await json<{
      groups: { id: number }[]
      users: { id: number }[]
      rooms: { id: number }[]
    }>(await api('/state'))
    const client = await json<{ oauthId: string; oauthSecret: string }>(
      await api('/clients', { groupId: groups[0]?.id, scopes: 'view_room send_notification' }),
    )
    expect((await postToken(emu, client, { grant_type: 'client_credentials' })).status).toBe(200)

    const personal = await api('/personal-tokens', {
      userId: users[0]?.id,
      scopes: ['view_group'],
      label: 'mine',
    })
    expect(personal.status).toBe(201)
    const pat = await json<{ access_token: string; scope: string }>(personal)
    expect(pat.scope).toBe('view_group')
    expect(
      (await json<{ owner_type: string }>(await getSession(emu, pat.access_token))).owner_type,
    ).toBe('user')

    const roomToken = await json<{ access_token: string; scope: string }>(
      await api('/room-tokens', { roomId: rooms[0]?.id }),
    )
    expect(roomToken.scope).toBe('send_notification')
    const tokens = await json<{ token: string; kind: string }[]>(await api('/tokens'))
    expect(tokens.map((t) => t.kind).sort()).toEqual(['addon', 'personal', 'room'])
    // Lists never show full token values.
    expect(tokens.every((t) => t.token.length < 10)).toBe(true)
  })

  it('refuses cross-site browser requests', async () => {
    const res = await fetch(`${emu.url}/admin/api/reset`, {
      method: 'POST',
      headers: { Origin: 'https://evil.example' },
    })
    expect(res.status).toBe(403)
  })
})

describe('admin HTML page', () => {
  it('renders forms with labels, no inline script, a CSP', async () => {
    const res = await fetch(`${emu.url}/admin`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/)
    const html = await res.text()
    expect(html).not.toMatch(/<script|\son[a-z]+=/i)
    for (const action of [
      'groups',
      'users',
      'rooms',
      'install',
      'personal-token',
      'room-token',
      'fault',
      'latency',
      'reset',
    ]) {
      expect(html).toContain(`action="/admin/${action}"`)
    }
    for (const m of html.matchAll(/<(?:input|select)\b[^>]*\sid="([^"]+)"/g)) {
      expect(html).toContain(`<label for="${m[1]}"`)
    }
    const css = await fetch(`${emu.url}/emulator.css`)
    expect(css.headers.get('content-type')).toMatch(/text\/css/)
  })

  it('escapes user-provided names', async () => {
    await form('/groups', { name: '<img src=x>' })
    const html = await (await fetch(`${emu.url}/admin`)).text()
    expect(html).not.toContain('<img src=x>')
    expect(html).toContain('&lt;img src=x&gt;')
  })

  it('forms create things and mint tokens', async () => {
    const group = await form('/groups', { name: 'Form Group' })
    expect(group.status).toBe(200)
    const { groups, rooms } = await json<{
      groups: { id: number; name: string }[]
      rooms: { id: number }[]
    }>(await api('/state'))
    const created = groups.find((g) => g.name === 'Form Group')
    expect(created).toBeDefined()
    expect(
      (await form('/users', { groupId: String(created?.id), name: 'Form User', mentionName: '' }))
        .status,
    ).toBe(200)
    const minted = await form('/room-token', { roomId: String(rooms[0]?.id), label: '' })
    expect(await minted.text()).toMatch(/access_token&quot;: &quot;[A-Za-z0-9]{40}/)
    const bad = await form('/personal-token', { userId: '424242' })
    expect(bad.status).toBe(400)
  })
})

describe('reset', () => {
  it('clears everything and re-seeds', async () => {
    emu.createGroup({ name: 'Temp' })
    const { oauthId, oauthSecret } = emu.registerClient({
      groupId: emu.createGroup().id,
      scopes: ['view_room'],
    })
    const token = await json<{ access_token: string }>(
      await postToken(emu, { oauthId, oauthSecret }, { grant_type: 'client_credentials' }),
    )
    emu.setLatency(5)
    emu.setFault({ mode: '500', count: 3 })
    const res = await api('/reset', {})
    expect(res.status).toBe(200)
    const state = await json<{
      groups: unknown[]
      clients: unknown[]
      faults: unknown[]
      latencyMs: number
    }>(await api('/state'))
    expect(state.groups).toHaveLength(1)
    expect(state.clients).toEqual([])
    expect(state.faults).toEqual([])
    expect(state.latencyMs).toBe(0)
    expect(emu.counters().total).toBe(0)
    expect((await getSession(emu, token.access_token)).status).toBe(401)
    expect(
      (await postToken(emu, { oauthId, oauthSecret }, { grant_type: 'client_credentials' })).status,
    ).toBe(401)
  })
})
