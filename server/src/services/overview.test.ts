import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { newId } from '../db/ids'
import { botKeys, installations, tokenShares } from '../db/schema'
import { createTestApp, insertTokenRow, seedUser, signedIn, type TestApp } from '../test/test-app'
import { recordAudit } from './audit'

const DAY = 86_400_000
let t: TestApp
let ann: string
let bob: string
let admin: string

const insert = (
  ownerId: string,
  label: string,
  kind: 'personal' | 'addon',
  expiresAt: number | null,
  extra: Parameters<typeof insertTokenRow>[5] = {},
) => insertTokenRow(t, ownerId, label, kind, expiresAt, { createdAt: 0, updatedAt: 0, ...extra })

beforeEach(async () => {
  t = createTestApp()
  ann = (await seedUser(t, { email: 'ann@example.com' })).id
  bob = (await seedUser(t, { email: 'bob@example.com' })).id
  admin = (await seedUser(t, { email: 'admin@example.com', role: 'admin' })).id
})
afterEach(() => t.destroy())

describe('GET /api/overview', () => {
  it('counts visible tokens by status at the boundaries and draws the next 90 days', async () => {
    const now = t.clock()
    await insert(ann, 'valid', 'personal', now + 14 * DAY + 1)
    await insert(ann, 'expiring', 'personal', now + 14 * DAY)
    await insert(ann, 'short expiring', 'addon', now + 10 * 60_000)
    await insert(ann, 'expired', 'personal', now)
    await insert(ann, 'unknown', 'personal', null)
    await insert(ann, 'revoked', 'personal', now + DAY, { status: 'revoked' })
    await insert(ann, 'reauth', 'addon', now - DAY / 2, {
      status: 'needs_reauth',
      lastError: 'invalid_grant',
    })
    await insert(ann, 'far', 'personal', now + 91 * DAY)
    const shared = await insert(bob, 'shared', 'personal', now + 30 * DAY)
    await insert(bob, 'hidden', 'personal', now + 30 * DAY)
    await t.write((tx) =>
      tx
        .insert(tokenShares)
        .values({ tokenId: shared, userId: ann, access: 'view', createdAt: 0, createdBy: bob }),
    )

    const owner = await signedIn(t, 'ann@example.com')
    const o = await (await owner.api.overview.$get()).json()
    expect(o.counts).toEqual({
      valid: 3,
      expiring: 2,
      expired: 1,
      needs_reauth: 1,
      revoked: 1,
      unknown_expiry: 1,
    })
    expect(o.total).toBe(9)
    expect(o.timeline.map((p) => p.label)).toEqual([
      'reauth',
      'expired',
      'short expiring',
      'revoked',
      'expiring',
      'valid',
      'shared',
    ])
    expect(o.failing.map((f) => [f.label, f.lastError])).toEqual([['reauth', 'invalid_grant']])

    const admin = await signedIn(t, 'admin@example.com')
    expect((await (await admin.api.overview.$get()).json()).total).toBe(10)
  })

  it('charts the last 24 hours of refreshes by hour', async () => {
    const now = t.clock()
    const id = await insert(ann, 'x', 'addon', now + DAY)
    const event = (at: number, action: string, detail = {}) =>
      t.write(async (tx) => {
        await recordAudit(tx, {
          at,
          actorId: null,
          action,
          targetType: 'token',
          targetId: id,
          ownerId: ann,
          detail,
        })
      })
    await event(now - 25 * 3_600_000, 'token.refreshed')
    await event(now - 2 * 3_600_000, 'token.refresh_failed')
    await event(now - 2 * 3_600_000 + 60_000, 'token.refreshed', { afterFailures: 1 })
    await event(now - 60_000, 'token.refreshed', { afterFailures: 0 })
    const owner = await signedIn(t, 'ann@example.com')
    const o = await (await owner.api.overview.$get()).json()
    expect(o.refreshHealth).toHaveLength(25)
    const totals = o.refreshHealth.reduce(
      (a, h) => ({ s: a.s + h.succeeded, f: a.f + h.failed, r: a.r + h.retried }),
      { s: 0, f: 0, r: 0 },
    )
    expect(totals).toEqual({ s: 2, f: 1, r: 1 })
  })
})

const insertBotKey = (ownerId: string, revokedAt: number | null = null) =>
  t.write((tx) =>
    tx.insert(botKeys).values({
      id: newId(),
      ownerId,
      name: 'deploy bot',
      keyHash: newId(),
      keyPrefix: 'tdk_test',
      revokedAt,
      createdAt: t.clock(),
    }),
  )

const insertInstallation = (ownerId: string) =>
  t.write((tx) =>
    tx.insert(installations).values({
      id: newId(),
      ownerId,
      oauthId: newId(),
      capabilitiesUrl: 'https://api.hipchat.com/v2/capabilities',
      tokenUrl: 'https://api.hipchat.com/v2/oauth/token',
      apiUrl: 'https://api.hipchat.com/v2/',
      scopes: ['send_notification'],
      status: 'removed',
      source: 'manual',
      installedAt: t.clock(),
      updatedAt: t.clock(),
    }),
  )

describe('GET /api/overview: the getting-started checklist', () => {
  const checklistOf = async (email: string) => {
    const agent = await signedIn(t, email)
    const body = (await (await agent.api.overview.$get()).json()) as Record<string, unknown>
    return { present: 'gettingStarted' in body, steps: body.gettingStarted }
  }

  it('tells a new admin nothing is set up, even when other people have set up theirs', async () => {
    await insert(ann, 'ann token', 'personal', null)
    await insertInstallation(ann)
    await insertBotKey(ann)
    expect(await checklistOf('admin@example.com')).toEqual({
      present: true,
      steps: { token: false, addon: false, botKey: false },
    })
  })

  it('ticks each step from what the admin owns, an add-on made through the API included', async () => {
    const agent = await signedIn(t, 'admin@example.com')
    const steps = async () => (await (await agent.api.overview.$get()).json()).gettingStarted

    await insert(admin, 'first token', 'personal', null, { status: 'revoked' })
    expect(await steps()).toEqual({ token: true, addon: false, botKey: false })

    const created = await agent.api.addons.$post({
      json: {
        key: 'com.example.first',
        name: 'First add-on',
        scopes: ['send_notification'],
        allowGlobal: true,
        allowRoom: false,
      },
    })
    expect(created.status).toBe(201)
    expect(await steps()).toEqual({ token: true, addon: true, botKey: false })

    await insertBotKey(admin, t.clock())
    expect(await steps()).toEqual({ token: true, addon: true, botKey: true })
  })

  it('counts an installation registered by hand as the add-on step', async () => {
    await insertInstallation(admin)
    expect((await checklistOf('admin@example.com')).steps).toEqual({
      token: false,
      addon: true,
      botKey: false,
    })
  })

  it('is left out for owners', async () => {
    expect(await checklistOf('ann@example.com')).toEqual({ present: false, steps: undefined })
  })
})
