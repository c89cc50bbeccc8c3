import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { startTestEmulator } from './emulator-fixture'
import { seedUser, serveTestApp, signedIn } from './test-app'

type Person = { email: string; name?: string; role?: 'admin' | 'owner' }

/**
 * The usual integration world: a HipChat emulator for the suite, and for each test a fresh
 * Token Desk served on loopback that trusts it, with people seeded and the first one signed in.
 */
export function useEmulatorWorld(opts: {
  people: Person[]
  env?: Record<string, string>
  emulator?: Parameters<typeof startTestEmulator>[0]
}) {
  const world = {} as {
    hip: Awaited<ReturnType<typeof startTestEmulator>>
    t: Awaited<ReturnType<typeof serveTestApp>>
    /** The first person, signed in. */
    agent: Awaited<ReturnType<typeof signedIn>>
  }
  beforeAll(async () => {
    world.hip = await startTestEmulator(opts.emulator)
  })
  afterAll(() => world.hip.emulator.close())
  beforeEach(async () => {
    world.hip.emulator.reset()
    world.t = await serveTestApp({
      TOKENDESK_TRUSTED_PROVIDERS: world.hip.emulator.url,
      ...opts.env,
    })
    for (const p of opts.people) await seedUser(world.t, p)
    world.agent = await signedIn(world.t, opts.people[0]?.email ?? '')
  })
  afterEach(() => world.t.stop())
  return world
}
