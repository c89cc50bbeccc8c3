import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { newId } from '../../db/ids'
import { installations } from '../../db/schema'
import { createTestApp, seedUser, signedIn, type TestApp } from '../../test/test-app'

let t: TestApp
let annId: string
let bobId: string
beforeEach(async () => {
  t = createTestApp({
    TOKENDESK_TRUSTED_PROVIDERS:
      'https://*.hipchat.com, http://127.0.0.1:4010, https://chat.example.com, https://api.example.org',
  })
  annId = (await seedUser(t, { email: 'ann@example.com' })).id
  bobId = (await seedUser(t, { email: 'bob@example.com' })).id
  await seedUser(t, { email: 'admin@example.com', role: 'admin' })
})
afterEach(() => t.destroy())

async function installation(
  ownerId: string,
  apiUrl: string,
  groupName: string | null,
  status: 'active' | 'removed' = 'active',
) {
  t.clock.advance(1000)
  const now = t.clock()
  await t.write((tx) =>
    tx.insert(installations).values({
      id: newId(),
      ownerId,
      oauthId: newId(),
      capabilitiesUrl: `${apiUrl}capabilities`,
      tokenUrl: `${apiUrl}oauth/token`,
      apiUrl,
      scopes: [],
      groupName,
      status,
      source: 'manual',
      installedAt: now,
      updatedAt: now,
    }),
  )
}

describe('GET /api/providers/trusted', () => {
  it('lists exact trusted origins, then the visible installations’ trusted API bases, once each', async () => {
    await installation(annId, 'https://acme.hipchat.com/v2', 'Acme')
    await installation(annId, 'http://127.0.0.1:4010/v2/', 'Emulator group')
    await installation(annId, 'https://untrusted.example.net/v2/', 'Elsewhere')
    await installation(annId, 'https://gone.hipchat.com/v2/', 'Gone', 'removed')
    await installation(bobId, 'https://bob.hipchat.com/v2/', 'Bob’s')

    const ann = await signedIn(t, 'ann@example.com')
    const res = await ann.api.providers.trusted.$get()
    expect(res.status).toBe(200)
    expect((await res.json()).items).toEqual([
      { label: '127.0.0.1:4010', apiBase: 'http://127.0.0.1:4010/v2/', source: 'config' },
      { label: 'chat.example.com', apiBase: 'https://chat.example.com/v2/', source: 'config' },
      { label: 'api.example.org', apiBase: 'https://api.example.org/v2/', source: 'config' },
      {
        label: 'Acme on acme.hipchat.com (installation)',
        apiBase: 'https://acme.hipchat.com/v2/',
        source: 'installation',
      },
    ])

    const bob = await signedIn(t, 'bob@example.com')
    const bobs = (await (await bob.api.providers.trusted.$get()).json()).items
    expect(bobs.map((p) => p.apiBase)).toContain('https://bob.hipchat.com/v2/')
    expect(bobs.map((p) => p.apiBase)).not.toContain('https://acme.hipchat.com/v2/')

    const admin = await signedIn(t, 'admin@example.com')
    const all = (await (await admin.api.providers.trusted.$get()).json()).items
    expect(all.filter((p) => p.source === 'installation').map((p) => p.apiBase)).toEqual([
      'https://bob.hipchat.com/v2/',
      'https://acme.hipchat.com/v2/',
    ])
  })

  it('needs a session', async () => {
    const res = await t.app.request('/api/providers/trusted')
    expect(res.status).toBe(401)
  })
})
