import type { AddressInfo } from 'node:net'
import { createServer } from 'node:net'
import { asc, count, eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { HttpClient } from '../../app-env'
import { auditEvents, installations, tokens } from '../../db/schema'
import { uninstallFromProvider } from '../../services/installations/uninstall'
import {
  UNINSTALL_LIMIT,
  UNINSTALL_WINDOW_MS,
} from '../../services/installations/uninstall-throttle'
import { startTestEmulator } from '../../test/emulator-fixture'
import { errorOf, seedUser, serveTestApp, signedIn } from '../../test/test-app'

let hip: Awaited<ReturnType<typeof startTestEmulator>>
let t: Awaited<ReturnType<typeof serveTestApp>>
let closedPort: number
let addon: { id: string; callbackUrl: string }
let oauthId: string
let installationId: string
let installBody: Record<string, unknown>

/** A loopback port nobody listens on: connecting to it is refused. */
async function freePort() {
  const probe = createServer()
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r))
  const port = (probe.address() as AddressInfo).port
  await new Promise<void>((r) => probe.close(() => r()))
  return port
}

beforeAll(async () => {
  hip = await startTestEmulator()
  closedPort = await freePort()
})
afterAll(() => hip.emulator.close())
beforeEach(async () => {
  hip.emulator.reset()
  t = await serveTestApp(
    { TOKENDESK_TRUSTED_PROVIDERS: `${hip.emulator.url},http://127.0.0.1:${closedPort}` },
    { timeoutMs: 400 },
  )
  await seedUser(t, { email: 'ann@example.com' })
  const owner = await signedIn(t, 'ann@example.com')
  addon = await (
    await owner.api.addons.$post({
      json: {
        key: 'uninstallbot',
        name: 'Bot',
        scopes: ['send_notification'],
        allowGlobal: true,
        allowRoom: false,
      },
    })
  ).json()
  const group = [...hip.emulator.state.directory.groups.values()][0] as { id: number }
  const client = hip.emulator.registerClient({ groupId: group.id, scopes: ['send_notification'] })
  oauthId = client.oauthId
  installBody = { ...client, capabilitiesUrl: hip.emulator.capabilitiesUrl, groupId: group.id }
  const installed = await install(installBody)
  expect(installed.status).toBe(201)
  installationId = ((await installed.json()) as { id: string }).id
  const minted = await owner.api.installations[':id'].tokens.$post({
    param: { id: installationId },
    json: { scopes: [] },
  })
  expect(minted.status).toBe(201)
})
afterEach(() => t.stop())

const install = (body: Record<string, unknown>) =>
  fetch(addon.callbackUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
const uninstall = (id = oauthId) =>
  fetch(`${addon.callbackUrl}/${encodeURIComponent(id)}`, { method: 'DELETE' })

async function emulator(path: string, init?: RequestInit) {
  const res = await fetch(`${hip.emulator.url}/admin/api${path}`, init)
  expect(res.ok).toBe(true)
  return res
}
const addFault = (spec: Record<string, unknown>) =>
  emulator('/faults', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(spec),
  })
const tokenCalls = async () =>
  ((await (await emulator('/counters')).json()) as { total: number }).total

/** Everything an uninstall would change: the secret, the tokens, the removal audit. */
async function stored() {
  const [installation] = await t.db
    .select({ status: installations.status, secret: installations.oauthSecretEnc })
    .from(installations)
    .where(eq(installations.id, installationId))
  const rows = await t.db
    .select({ status: tokens.status, access: tokens.accessTokenEnc })
    .from(tokens)
    .where(eq(tokens.installationId, installationId))
    .orderBy(asc(tokens.id))
  const [removals] = await t.db
    .select({ n: count() })
    .from(auditEvents)
    .where(eq(auditEvents.action, 'installation.removed'))
  return { installation, tokens: rows, removals: removals?.n }
}

async function expectUntouched(before: Awaited<ReturnType<typeof stored>>) {
  const after = await stored()
  expect(after).toEqual(before)
  expect(after.installation).toMatchObject({ status: 'active', secret: expect.any(String) })
  expect(after.tokens).toEqual([{ status: 'active', access: expect.any(String) }])
  expect(after.removals).toBe(0)
}

describe('provider uninstall (DELETE {callbackUrl}/{oauthId})', () => {
  it.each([
    ['a 500', { mode: '500' }],
    ['a 429', { mode: '429', retryAfter: 1 }],
    ['an HTML page with 200', { mode: 'html', status: 200 }],
    [
      'an HTML 401 from a proxy, which says nothing about the client',
      { mode: 'html', status: 401 },
    ],
    ['truncated JSON', { mode: 'malformed_json' }],
    ['an invalid_grant answer', { mode: 'invalid_grant' }],
    ['no answer before the timeout', { mode: 'hang' }],
  ])('refuses with 503 and changes nothing when the provider sends %s', async (_name, fault) => {
    const before = await stored()
    await addFault(fault)
    const calls = await tokenCalls()
    const res = await uninstall()
    expect(res.status).toBe(503)
    expect((await errorOf(res)).code).toBe('provider_unreachable')
    expect(await tokenCalls()).toBe(calls + 1)
    await expectUntouched(before)
  })

  it('refuses with 503 and changes nothing when the provider is unreachable', async () => {
    await t.write((tx) =>
      tx
        .update(installations)
        .set({ tokenUrl: `http://127.0.0.1:${closedPort}/v2/oauth/token` })
        .where(eq(installations.id, installationId)),
    )
    const before = await stored()
    const res = await uninstall()
    expect(res.status).toBe(503)
    expect((await errorOf(res)).code).toBe('provider_unreachable')
    await expectUntouched(before)
  })

  it('refuses with 403 while the provider still accepts the client, and audits the refusal', async () => {
    const before = await stored()
    const res = await uninstall()
    expect(res.status).toBe(403)
    await expectUntouched(before)
    const refused = await t.db
      .select({ detail: auditEvents.detail })
      .from(auditEvents)
      .where(eq(auditEvents.action, 'installation.uninstall_refused'))
    expect(refused.map((r) => JSON.parse(r.detail ?? 'null'))).toEqual([
      { oauthId, reason: 'client_still_valid' },
    ])
  })

  it('removes the installation once the provider has removed the client', async () => {
    await emulator(`/clients/${oauthId}`, { method: 'DELETE' })
    const res = await uninstall()
    expect(res.status).toBe(204)
    const after = await stored()
    expect(after.installation).toEqual({ status: 'removed', secret: null })
    expect(after.tokens).toEqual([{ status: 'revoked', access: null }])
    expect(after.removals).toBe(1)
    expect((await uninstall()).status).toBe(404)
  })

  it('does not undo a reinstall that lands while the provider is being asked', async () => {
    // The provider rotated the client's secret: the stored one is now refused with 401...
    const client = hip.emulator.state.clients.get(oauthId) as { secret: string }
    client.secret = 'r'.repeat(40)
    const http: HttpClient = async (url, init) => {
      const res = await t.deps.http(url, init)
      // ...and the reinstall carrying the new secret commits before the uninstall writes.
      expect((await install({ ...installBody, oauthSecret: client.secret })).status).toBe(201)
      return res
    }
    await expect(
      uninstallFromProvider({ ...t.deps, http }, { addonId: addon.id, oauthId }),
    ).rejects.toMatchObject({ status: 409, code: 'conflict' })
    const after = await stored()
    expect(after.installation).toMatchObject({ status: 'active', secret: expect.any(String) })
    expect(after.tokens).toEqual([{ status: 'active', access: expect.any(String) }])
    expect(after.removals).toBe(0)
  })

  it('answers 404 for an unknown oauthId without asking the provider', async () => {
    const calls = await tokenCalls()
    const res = await uninstall('no-such-client')
    expect(res.status).toBe(404)
    expect((await errorOf(res)).code).toBe('not_found')
    expect(await tokenCalls()).toBe(calls)
  })

  it('rate-limits attempts per installation without asking the provider again', async () => {
    const before = await stored()
    const calls = await tokenCalls()
    for (let i = 0; i < UNINSTALL_LIMIT; i++) expect((await uninstall()).status).toBe(403)
    expect(await tokenCalls()).toBe(calls + UNINSTALL_LIMIT)
    const limited = await uninstall()
    expect(limited.status).toBe(429)
    expect((await errorOf(limited)).code).toBe('too_many_requests')
    const retryAfter = Number(limited.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(UNINSTALL_WINDOW_MS / 1000)
    expect((await uninstall()).status).toBe(429)
    expect(await tokenCalls()).toBe(calls + UNINSTALL_LIMIT)
    await expectUntouched(before)

    t.clock.advance(UNINSTALL_WINDOW_MS)
    await emulator(`/clients/${oauthId}`, { method: 'DELETE' })
    expect((await uninstall()).status).toBe(204)
  })

  it('lets no more than the limit through when 20 attempts arrive at once', async () => {
    const calls = await tokenCalls()
    const answers = await Promise.all(Array.from({ length: 20 }, () => uninstall()))
    const statuses = answers.map((r) => r.status).sort()
    expect(statuses.filter((s) => s === 403)).toHaveLength(UNINSTALL_LIMIT)
    expect(statuses.filter((s) => s === 429)).toHaveLength(20 - UNINSTALL_LIMIT)
    expect(await tokenCalls()).toBe(calls + UNINSTALL_LIMIT)
  })
})
