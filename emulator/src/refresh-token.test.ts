import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { RunningEmulator } from './index'
import { startEmulator } from './index'
import type { Credentials } from './testing/test-support'
import { getSession, json, postToken, userTokens } from './testing/test-support'

interface Pair {
  access_token: string
  refresh_token: string
  scope: string
  expires_in: number
}

let clock = Date.now()
let client: Credentials

function setup(grace: number) {
  let emu: RunningEmulator
  beforeAll(async () => {
    emu = await startEmulator({
      port: 0,
      refreshGraceSeconds: grace,
      userTtl: 900,
      now: () => clock,
    })
  })
  afterAll(() => emu.close())
  beforeEach(() => {
    emu.reset()
    const group = emu.createGroup()
    emu.createUser({ groupId: group.id })
    client = emu.registerClient({ groupId: group.id, scopes: ['view_group', 'send_message'] })
  })
  return () => emu
}

const refresh = (
  emu: RunningEmulator,
  token: string,
  extra: Record<string, string> = {},
  creds = client,
) => postToken(emu, creds, { grant_type: 'refresh_token', refresh_token: token, ...extra })

const errorType = async (res: Response) => (await json<{ error: { type: string } }>(res)).error.type

describe('refresh_token without grace window', () => {
  const emu = setup(0)

  it('rotates the refresh token on every use', async () => {
    const first = await userTokens(emu(), client)
    const res = await refresh(emu(), first.refresh_token)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const second = await json<Pair>(res)
    expect(second.refresh_token).not.toBe(first.refresh_token)
    expect(second.access_token).not.toBe(first.access_token)
    expect(second.expires_in).toBe(900)
    const third = await json<Pair>(await refresh(emu(), second.refresh_token))
    expect(third.refresh_token).toMatch(/^[A-Za-z0-9]{40}$/)
  })

  it('reusing a rotated refresh token revokes the whole family', async () => {
    const first = await userTokens(emu(), client)
    const second = await json<Pair>(await refresh(emu(), first.refresh_token))
    const reuse = await refresh(emu(), first.refresh_token)
    expect(reuse.status).toBe(400)
    const body = await json<{ error: { code: number; message: string; type: string } }>(reuse)
    expect(body.error).toMatchObject({ code: 400, type: 'invalid_grant' })
    expect(body.error.message).toMatch(/^invalid_grant: .*reuse/)
    for (const token of [first.access_token, second.access_token]) {
      expect((await getSession(emu(), token)).status).toBe(401)
    }
    expect(await errorType(await refresh(emu(), second.refresh_token))).toBe('invalid_grant')
  })

  it('other grants of the same client survive a family revocation', async () => {
    const a = await userTokens(emu(), client)
    const b = await userTokens(emu(), client)
    await refresh(emu(), a.refresh_token)
    await refresh(emu(), a.refresh_token)
    expect((await getSession(emu(), b.access_token)).status).toBe(200)
    expect((await refresh(emu(), b.refresh_token)).status).toBe(200)
  })

  it('can narrow the scope; rejects widening, unknown tokens and other clients', async () => {
    const first = await userTokens(emu(), client)
    const narrowed = await refresh(emu(), first.refresh_token, { scope: 'view_group' })
    const pair = await json<Pair>(narrowed)
    expect(pair.scope).toBe('view_group')
    const widened = await refresh(emu(), pair.refresh_token, { scope: 'admin_group' })
    expect(widened.status).toBe(400)
    expect(await errorType(await refresh(emu(), 'not-a-token'))).toBe('invalid_grant')
    const group = emu().state.clients.get(client.oauthId)?.groupId ?? 0
    const other = emu().registerClient({ groupId: group, scopes: ['view_group'] })
    expect(await errorType(await refresh(emu(), pair.refresh_token, {}, other))).toBe(
      'invalid_grant',
    )
    // The failed attempts did not rotate it.
    expect((await refresh(emu(), pair.refresh_token)).status).toBe(200)
  })

  it('accepts a JSON body', async () => {
    const first = await userTokens(emu(), client)
    const res = await postToken(
      emu(),
      client,
      { grant_type: 'refresh_token', refresh_token: first.refresh_token },
      { json: true },
    )
    expect(res.status).toBe(200)
  })
})

describe('refresh_token with a 30 s grace window', () => {
  const emu = setup(30)

  it('a just-rotated token may be replayed once and returns the same pair', async () => {
    const first = await userTokens(emu(), client)
    const second = await json<Pair>(await refresh(emu(), first.refresh_token))
    clock += 10_000
    const replay = await refresh(emu(), first.refresh_token)
    expect(replay.status).toBe(200)
    const again = await json<Pair>(replay)
    expect(again.access_token).toBe(second.access_token)
    expect(again.refresh_token).toBe(second.refresh_token)
    expect(again.expires_in).toBe(890)
    // A second replay is reuse: the family goes.
    expect(await errorType(await refresh(emu(), first.refresh_token))).toBe('invalid_grant')
    expect((await getSession(emu(), second.access_token)).status).toBe(401)
  })

  it('after the window a replay is reuse', async () => {
    const first = await userTokens(emu(), client)
    const second = await json<Pair>(await refresh(emu(), first.refresh_token))
    clock += 31_000
    expect(await errorType(await refresh(emu(), first.refresh_token))).toBe('invalid_grant')
    expect((await getSession(emu(), second.access_token)).status).toBe(401)
  })

  it('no replay once the successor has itself been used', async () => {
    const first = await userTokens(emu(), client)
    const second = await json<Pair>(await refresh(emu(), first.refresh_token))
    const third = await json<Pair>(await refresh(emu(), second.refresh_token))
    expect(await errorType(await refresh(emu(), first.refresh_token))).toBe('invalid_grant')
    expect((await getSession(emu(), third.access_token)).status).toBe(401)
  })
})
