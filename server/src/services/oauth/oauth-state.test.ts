import { createHash } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { newId } from '../../db/ids'
import { oauthStates, users } from '../../db/schema'
import { createTestApp, type TestApp } from '../../test/test-app'
import { consumeState, STATE_TTL_MS, startAuthorization } from './oauth-client'

let t: TestApp
let ownerId: string
const session = 'session-hash-of-the-browser'

beforeEach(async () => {
  t = createTestApp()
  ownerId = newId()
  await t.write((tx) =>
    tx.insert(users).values({
      id: ownerId,
      email: 'ann@example.com',
      name: 'ann',
      role: 'owner',
      passwordHash: 'not-a-real-hash',
      createdAt: t.clock(),
      updatedAt: t.clock(),
    }),
  )
})
afterEach(() => t.destroy())

async function start() {
  const url = new URL(
    await startAuthorization(t.deps, {
      sessionHash: session,
      ownerId,
      authorizationUrl: 'https://provider.example/authorize',
      clientId: 'client',
      scopes: ['view_room'],
      providerId: 'p1',
    }),
  )
  return {
    state: url.searchParams.get('state') ?? '',
    challenge: url.searchParams.get('code_challenge'),
  }
}

const stateRows = () => t.db.select().from(oauthStates)
const hashOf = (state: string) => createHash('sha256').update(state).digest('base64url')

describe('OAuth state', () => {
  it('goes to exactly one of 20 concurrent callbacks', async () => {
    const { state, challenge } = await start()
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () => consumeState(t.deps, state, session)),
    )
    const won = outcomes.filter((o) => o.status === 'fulfilled')
    const lost = outcomes.filter((o) => o.status === 'rejected')
    expect(won).toHaveLength(1)
    expect(lost).toHaveLength(19)
    for (const o of lost) expect(o.reason).toMatchObject({ status: 400, code: 'invalid_state' })
    const flow = won[0]?.status === 'fulfilled' ? won[0].value : null
    expect(flow).toMatchObject({ ownerId, providerId: 'p1', scopes: ['view_room'] })
    // The winner holds the verifier whose S256 challenge went to the provider.
    expect(
      createHash('sha256')
        .update(flow?.codeVerifier ?? '')
        .digest('base64url'),
    ).toBe(challenge)
    expect(await stateRows()).toMatchObject([{ stateHash: hashOf(state), usedAt: t.clock() }])
  })

  it('refuses an expired state, and burns it', async () => {
    const { state } = await start()
    t.clock.advance(STATE_TTL_MS)
    await expect(consumeState(t.deps, state, session)).rejects.toMatchObject({
      status: 400,
      code: 'invalid_state',
    })
    const [row] = await t.db
      .select({ usedAt: oauthStates.usedAt })
      .from(oauthStates)
      .where(eq(oauthStates.stateHash, hashOf(state)))
    expect(row).toEqual({ usedAt: t.clock() })
  })

  it('refuses a state from another browser session, which burns it for the right one too', async () => {
    const { state } = await start()
    await expect(consumeState(t.deps, state, 'another-session')).rejects.toMatchObject({
      code: 'invalid_state',
    })
    await expect(consumeState(t.deps, state, session)).rejects.toMatchObject({
      code: 'invalid_state',
    })
  })

  it('sweeps expired states when a flow starts', async () => {
    const old = await start()
    t.clock.advance(STATE_TTL_MS + 1)
    const fresh = await start()
    const rows = await stateRows()
    expect(rows.map((r) => r.stateHash)).toEqual([hashOf(fresh.state)])
    expect(rows.map((r) => r.stateHash)).not.toContain(hashOf(old.state))
  })
})
