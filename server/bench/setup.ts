import { ADMIN, type Bench, OWNER } from './harness'
import { Api } from './lib/api'
import type { Child } from './lib/proc'

export type BotFixture = {
  ownerId: string
  /** Two add-on tokens of one installation; B is the one #3 expires. */
  tokenA: string
  tokenB: string
  /** The bot key's Authorization header, usable for both tokens. */
  auth: Record<string, string>
  /** #4's installation, at the second emulator; the refresher renews its add-on tokens. */
  refresherInstallation: { id: string; apiUrl: string; ownerId: string }
}

/**
 * Set-up through the API on the fresh server: an owner, an installation, two tokens, a bot key,
 * and #4's installation at the second emulator (its tokens are inserted when #4 runs).
 */
export async function setUpBotFixture(bench: Bench, server: Child): Promise<BotFixture> {
  const emu = bench.emulator
  const admin = new Api(server.url)
  await admin.login(ADMIN.email, ADMIN.password)
  const owner = await admin.call<{ id: string }>('POST', '/api/users', { ...OWNER, role: 'owner' })
  const group = emu.createGroup({ name: 'Bench group' })
  const client = emu.registerClient({
    groupId: group.id,
    scopes: ['send_notification', 'view_room'],
  })
  const inst = await admin.call<{ id: string }>('POST', '/api/installations', {
    oauthId: client.oauthId,
    oauthSecret: client.oauthSecret,
    capabilitiesUrl: emu.capabilitiesUrl,
  })
  const tokA = await admin.call<{ id: string }>('POST', `/api/installations/${inst.id}/tokens`, {
    scopes: [],
  })
  const tokB = await admin.call<{ id: string }>('POST', `/api/installations/${inst.id}/tokens`, {
    scopes: [],
  })
  const { key } = await admin.call<{ key: string }>('POST', '/api/bot-keys', {
    name: 'bench',
    tokenIds: [tokA.id, tokB.id],
  })
  const emu4 = bench.refresherEmulator
  const g4 = emu4.createGroup({ name: 'Refresher group' })
  const c4 = emu4.registerClient({ groupId: g4.id, scopes: ['send_notification'] })
  const refresherInstallation = await admin.call<{ id: string; apiUrl: string; ownerId: string }>(
    'POST',
    '/api/installations',
    { oauthId: c4.oauthId, oauthSecret: c4.oauthSecret, capabilitiesUrl: emu4.capabilitiesUrl },
  )
  return {
    refresherInstallation,
    ownerId: owner.id,
    tokenA: tokA.id,
    tokenB: tokB.id,
    auth: { authorization: `Bearer ${key}` },
  }
}
