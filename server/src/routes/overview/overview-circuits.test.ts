import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createCircuitBreaker } from '../../services/providers/circuit-breaker'
import {
  createTestApp,
  insertTokenRow,
  seedUser,
  signedIn,
  type TestApp,
} from '../../test/test-app'

const MINE = 'https://mine.example.test'
const THEIRS = 'https://theirs.example.test'
const FINE = 'https://fine.example.test'
let t: TestApp
let ann: string
let bob: string

beforeEach(async () => {
  t = createTestApp()
  ann = (await seedUser(t, { email: 'ann@example.com' })).id
  bob = (await seedUser(t, { email: 'bob@example.com' })).id
  await seedUser(t, { email: 'admin@example.com', role: 'admin' })
  await insertTokenRow(t, ann, 'ann', 'addon', null, { providerUrl: `${MINE}/v2/` })
  await insertTokenRow(t, bob, 'bob', 'addon', null, { providerUrl: `${THEIRS}/oauth/token` })
  await insertTokenRow(t, ann, 'fine', 'addon', null, { providerUrl: `${FINE}/v2/` })
})
afterEach(() => t.destroy())

const overview = async (email: string) =>
  (await (await signedIn(t, email)).api.overview.$get()).json()

describe('GET /api/overview: failing providers', () => {
  it('lists open circuits with when calls resume, each to the people it concerns', async () => {
    const breaker = createCircuitBreaker(t.deps)
    for (let i = 0; i < 5; i++) {
      await breaker.failure(MINE, 'the provider answered 503')
      await breaker.failure(THEIRS, 'the provider could not be reached')
    }
    await breaker.failure(FINE, 'one blip')
    const until = new Date(t.clock() + 60_000).toISOString()

    expect((await overview('ann@example.com')).failingProviders).toEqual([
      {
        origin: MINE,
        state: 'open',
        failures: 5,
        openUntil: until,
        lastError: 'the provider answered 503',
      },
    ])
    expect((await overview('admin@example.com')).failingProviders.map((p) => p.origin)).toEqual([
      MINE,
      THEIRS,
    ])

    // Past the cool-down the next call is a probe: no longer "paused until" a time gone by.
    t.clock.advance(60_000)
    expect((await overview('bob@example.com')).failingProviders).toEqual([
      expect.objectContaining({ origin: THEIRS, state: 'half_open' }),
    ])
    await breaker.success(THEIRS)
    expect((await overview('bob@example.com')).failingProviders).toEqual([])
  })
})
