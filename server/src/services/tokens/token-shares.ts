import type { ShareView } from '@tokendesk/shared/schemas/token'
import type { AppDeps, SessionUser } from '../../app-env'
import type { Who } from '../../lib/client-ip'
import { fail, notFound } from '../../lib/http-error'
import { findUserByEmail } from '../users'
import { deleteShare, listShares, upsertShare } from './share-store'
import type { TokenRow } from './token-view'

type Deps = Pick<AppDeps, 'db' | 'clock'>

/** Who a token is shared with. The caller's right to see them is checked by the route. */
export async function sharesOf({ db }: Pick<Deps, 'db'>, tokenId: string): Promise<ShareView[]> {
  return (await listShares(db, tokenId)).map((r) => ({
    userId: r.share.userId,
    email: r.email,
    name: r.name,
    access: r.share.access,
    createdAt: new Date(r.share.createdAt).toISOString(),
  }))
}

/** Shares the token with an active person (not its owner), or changes their access. */
export async function shareToken(
  deps: Deps,
  token: TokenRow,
  actor: SessionUser,
  input: { email: string; access: 'view' | 'use' },
  who: Who,
) {
  const target = await findUserByEmail(deps.db, input.email)
  if (!target || target.disabled) fail(400, 'validation_failed', 'No active person with that email')
  if (target.id === token.ownerId) fail(400, 'validation_failed', 'You already own this token')
  const now = deps.clock()
  await upsertShare(
    deps.db,
    {
      tokenId: token.id,
      userId: target.id,
      access: input.access,
      createdAt: now,
      createdBy: actor.id,
    },
    {
      at: now,
      actorId: actor.id,
      action: 'token.share_added',
      targetType: 'token',
      targetId: token.id,
      ownerId: token.ownerId,
      ...who,
      detail: { with: target.email, access: input.access },
    },
  )
  const shares = await sharesOf(deps, token.id)
  return shares.find((s) => s.userId === target.id) ?? notFound('Share')
}

export async function unshareToken(
  deps: Deps,
  token: TokenRow,
  actor: SessionUser,
  userId: string,
  who: Who,
) {
  const removed = await deleteShare(deps.db, token.id, userId, {
    at: deps.clock(),
    actorId: actor.id,
    action: 'token.share_removed',
    targetType: 'token',
    targetId: token.id,
    ownerId: token.ownerId,
    ...who,
    detail: { userId },
  })
  if (!removed) notFound('Share')
}
