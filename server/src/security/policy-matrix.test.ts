import type { TokenAction } from '@tokendesk/shared/schemas/token'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { botKeys, botKeyTokens, tokenShares, users } from '../db/schema'
import { can, NO_RELATION, TOKEN_ROUTE_ACTIONS, type TokenRelation } from '../services/authz/policy'
import { generateBotKey } from '../services/bot-keys/bot-key-store'
import {
  createAgent,
  createTestApp,
  insertTokenRow,
  seedUser,
  signedIn,
  type TestApp,
} from '../test/test-app'

/**
 * Every token route × every kind of caller, with the answer the policy table predicts: 404 when
 * the caller may not see the token, 403 when they may see it but not take the route's action,
 * and neither when they may. The routes come from the app's route table, so a new token route
 * without an entry in TOKEN_ROUTE_ACTIONS fails here.
 */
type Actor = {
  name: string
  email: string | null
  relation: TokenRelation
  /** Signed out by being disabled, or never signed in. */
  session: 'live' | 'ended' | 'none'
}

const ACTORS: Actor[] = [
  {
    name: 'owner',
    email: 'owner@example.com',
    relation: { ...NO_RELATION, owner: true },
    session: 'live',
  },
  {
    name: 'view sharee',
    email: 'viewer@example.com',
    relation: { ...NO_RELATION, share: 'view' },
    session: 'live',
  },
  {
    name: 'use sharee',
    email: 'user@example.com',
    relation: { ...NO_RELATION, share: 'use' },
    session: 'live',
  },
  {
    name: 'admin',
    email: 'admin@example.com',
    relation: { ...NO_RELATION, admin: true },
    session: 'live',
  },
  {
    name: 'admin with a view share',
    email: 'admin-view@example.com',
    relation: { ...NO_RELATION, admin: true, share: 'view' },
    session: 'live',
  },
  {
    name: 'admin with a use share',
    email: 'admin-use@example.com',
    relation: { ...NO_RELATION, admin: true, share: 'use' },
    session: 'live',
  },
  { name: 'stranger', email: 'stranger@example.com', relation: NO_RELATION, session: 'live' },
  {
    name: 'disabled sharee',
    email: 'disabled@example.com',
    relation: { ...NO_RELATION, share: 'use' },
    session: 'ended',
  },
  { name: 'anonymous', email: null, relation: NO_RELATION, session: 'none' },
]

const BODIES: Partial<Record<TokenAction, unknown>> = {
  'token.update': { label: 'renamed' },
  'token.read_value': { purpose: 'reveal' },
  'token.refresh': {},
  'token.reassign': { email: 'target@example.com', reason: 'matrix test' },
  'token.share': { email: 'target@example.com', access: 'view' },
}

let t: TestApp
const ids: Record<string, string> = {}
const agents = new Map<string, ReturnType<TestApp['agent']>>()

beforeAll(async () => {
  t = createTestApp()
  for (const a of ACTORS) {
    if (!a.email) continue
    const role = a.relation.admin ? 'admin' : 'owner'
    ids[a.name] = (await seedUser(t, { email: a.email, role })).id
    agents.set(a.name, await signedIn(t, a.email))
  }
  ids.target = (await seedUser(t, { email: 'target@example.com' })).id
  const admin = agents.get('admin')
  const res = await admin?.api.users[':id'].$patch({
    param: { id: ids['disabled sharee'] ?? '' },
    json: { disabled: true },
  })
  expect(res?.status).toBe(200)
})
afterAll(() => t.destroy())

/** A fresh token per case, shared as each actor's relation says, so destructive routes are safe. */
async function freshToken() {
  const ownerId = ids.owner ?? ''
  const id = await insertTokenRow(t, ownerId, 'matrix', 'personal', t.clock() + 86_400_000)
  const shares = ACTORS.flatMap((a) =>
    a.relation.share && ids[a.name]
      ? [
          {
            tokenId: id,
            userId: ids[a.name] ?? '',
            access: a.relation.share,
            createdAt: t.clock(),
            createdBy: ownerId,
          },
        ]
      : [],
  )
  await t.write((tx) => tx.insert(tokenShares).values(shares))
  return id
}

describe('the policy matrix', () => {
  const tokenRoutes = () =>
    t.app.routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/tokens/:id'))

  it('has a decision for every token route in the route table', () => {
    const routes = tokenRoutes().map((r) => `${r.method} ${r.path}`)
    expect(routes.length).toBeGreaterThanOrEqual(11)
    for (const route of routes) expect(TOKEN_ROUTE_ACTIONS, route).toHaveProperty([route])
  })

  for (const [route, action] of Object.entries(TOKEN_ROUTE_ACTIONS)) {
    const [method = 'GET', path = ''] = route.split(' ')
    for (const actor of ACTORS) {
      const expected =
        actor.session !== 'live'
          ? 401
          : !can(actor.relation, 'token.read_meta')
            ? 404
            : !can(actor.relation, action)
              ? 403
              : 'allowed'
      it(`${route} as ${actor.name} → ${expected}`, async () => {
        const id = await freshToken()
        const url = `http://127.0.0.1:8080${path
          .replace(':id', id)
          .replace(':userId', ids['view sharee'] ?? '')}`
        const init: RequestInit = { method, redirect: 'manual' }
        const body = BODIES[action]
        if (method !== 'GET' && method !== 'DELETE' && body !== undefined) {
          init.headers = { 'content-type': 'application/json' }
          init.body = JSON.stringify(body)
        }
        const agent = agents.get(actor.name) ?? createAgent(t.app)
        const res = await agent.fetch(url, init)
        if (expected === 'allowed') expect([401, 403, 404]).not.toContain(res.status)
        else expect(res.status).toBe(expected)
      })
    }
  }
})

describe('bot keys under the policy', () => {
  type Case = { name: string; expected: number; setup: (tokenId: string) => Promise<string> }
  const key = async (
    ownerName: string,
    tokenId: string,
    extra: Partial<typeof botKeys.$inferInsert> = {},
  ) => {
    const { key: secret, keyHash, keyPrefix } = generateBotKey()
    const keyId = `k${keyHash.slice(0, 21)}`
    await t.write(async (tx) => {
      await tx.insert(botKeys).values({
        id: keyId,
        ownerId: ids[ownerName] ?? '',
        name: 'matrix',
        keyHash,
        keyPrefix,
        createdAt: t.clock(),
        ...extra,
      })
      await tx.insert(botKeyTokens).values({ keyId, tokenId })
    })
    return secret
  }
  const cases: Case[] = [
    { name: 'bound, owner', expected: 200, setup: (id) => key('owner', id) },
    { name: 'bound, use sharee', expected: 200, setup: (id) => key('use sharee', id) },
    { name: 'bound, view sharee', expected: 404, setup: (id) => key('view sharee', id) },
    { name: 'bound, admin without a share', expected: 404, setup: (id) => key('admin', id) },
    {
      name: 'bound, admin with a use share',
      expected: 200,
      setup: (id) => key('admin with a use share', id),
    },
    { name: 'bound, owner disabled', expected: 401, setup: (id) => key('disabled sharee', id) },
    {
      name: 'unbound',
      expected: 404,
      setup: async (id) => {
        const other = await freshToken()
        void id
        return key('owner', other)
      },
    },
    {
      name: 'expired',
      expected: 401,
      setup: (id) => key('owner', id, { expiresAt: t.clock() - 1 }),
    },
    { name: 'revoked', expected: 401, setup: (id) => key('owner', id, { revokedAt: t.clock() }) },
    {
      name: 'former sharee',
      expected: 404,
      setup: async (id) => {
        const secret = await key('use sharee', id)
        await t.write((tx) => tx.delete(tokenShares).where(eq(tokenShares.tokenId, id)))
        return secret
      },
    },
    {
      name: 'owner deleted',
      expected: 401,
      setup: async (id) => {
        const gone = `gone-${id}@example.com`
        const ownerId = ids.owner ?? ''
        const userId = `u${id.slice(1)}`
        await t.write(async (tx) => {
          await tx.insert(users).values({
            id: userId,
            email: gone,
            name: 'gone',
            role: 'owner',
            passwordHash: 'x',
            createdAt: 0,
            updatedAt: 0,
          })
          await tx
            .insert(tokenShares)
            .values({ tokenId: id, userId, access: 'use', createdAt: 0, createdBy: ownerId })
        })
        ids[gone] = userId
        const secret = await key(gone, id)
        await t.write((tx) => tx.delete(users).where(eq(users.id, userId)))
        return secret
      },
    },
  ]
  for (const c of cases) {
    it(`GET /api/v1/tokens/:id/access with a key that is ${c.name} → ${c.expected}`, async () => {
      const id = await freshToken()
      const secret = await c.setup(id)
      const res = await t.app.request(`http://127.0.0.1:8080/api/v1/tokens/${id}/access`, {
        headers: { authorization: `Bearer ${secret}` },
      })
      expect(res.status).toBe(c.expected)
      if (c.expected === 200)
        expect(((await res.json()) as { access_token: string }).access_token).toBe(`value-${id}`)
    })
  }

  it('a bot key is no session: every token route answers 401 to it', async () => {
    const id = await freshToken()
    const secret = await key('owner', id)
    for (const route of Object.keys(TOKEN_ROUTE_ACTIONS)) {
      const [method = 'GET', path = ''] = route.split(' ')
      const res = await t.app.request(
        `http://127.0.0.1:8080${path.replace(':id', id).replace(':userId', ids.owner ?? '')}`,
        {
          method,
          headers: {
            authorization: `Bearer ${secret}`,
            origin: 'http://127.0.0.1:8080',
            'content-type': 'application/json',
          },
          body: method === 'GET' ? undefined : '{}',
        },
      )
      expect({ route, status: res.status }).toEqual({ route, status: 401 })
    }
  })
})
