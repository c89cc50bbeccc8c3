import { eq, sql } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tokenShares, tokens } from '../../db/schema'
import { createTestApp, insertTokenRow, seedUser, type TestApp } from '../../test/test-app'
import {
  prepareFlat,
  seenToken,
  selectTokensSeenBy,
  selectTokensSeenByFlat,
} from './token-visibility'

let t: TestApp
beforeEach(() => {
  t = createTestApp()
})
afterEach(() => t.destroy())

describe('the flat "tokens as a person sees them" query', () => {
  it('maps every column as Drizzle maps the nested one', async () => {
    const ann = await seedUser(t, { email: 'ann@example.com', name: 'Ann' })
    const bob = await seedUser(t, { email: 'bob@example.com', name: 'Bob' })
    const full = await insertTokenRow(t, ann.id, 'full', 'addon', t.clock() + 1000, {
      installationId: 'inst',
      grant: 'authorization_code',
      scopes: ['send_notification', 'view_room'],
      groupId: '7',
      groupName: 'Group',
      roomId: '12',
      roomName: 'Room',
      providerUser: { id: '1', name: 'Hip' },
      refreshTokenEnc: 'sealed refresh',
      refreshExpiresAt: t.clock() + 5000,
      status: 'needs_reauth',
      verified: true,
      generation: 3,
      leaseOwner: 'worker',
      leaseUntil: 9,
      lastError: 'boom',
      failCount: 2,
      nextAttemptAt: 10,
      failingSince: 11,
      lastRefreshedAt: 12,
      lastUsedAt: 13,
    })
    const sparse = await insertTokenRow(t, ann.id, 'sparse', 'personal', null)
    await t.write((tx) =>
      tx
        .insert(tokenShares)
        .values({ tokenId: full, userId: bob.id, access: 'use', createdAt: 0, createdBy: ann.id }),
    )
    for (const viewer of [ann.id, bob.id]) {
      for (const id of [full, sparse]) {
        const [nested] = await selectTokensSeenBy(t.db, viewer).where(eq(tokens.id, id))
        const flat = await prepareFlat(
          t.db,
          selectTokensSeenByFlat(t.db, sql.placeholder('userId')).where(eq(tokens.id, id)).toSQL(),
        )({ userId: viewer })
        expect(flat).toHaveLength(1)
        expect(seenToken(flat[0] as unknown[])).toStrictEqual(nested)
      }
    }
  })
})
