import type { Db } from '../../db/client'
import type { RefreshEvent } from '../refresh/refresh-engine'
import { notify } from './notify'

/** Turns refresh outcomes into notifications, one per transition. */
export function alertOnRefresh(db: Db, event: RefreshEvent, now: number) {
  const t = event.token
  if (event.type === 'refreshed') {
    if (!event.recovered) return
    notify(
      db,
      {
        ownerId: t.ownerId,
        tokenId: t.id,
        type: 'recovered',
        dedupeKey: `${t.id}:recovered:${t.generation}`,
        title: `“${t.label}” refreshes again`,
      },
      now,
    )
    return
  }
  if (event.needsReauth) {
    notify(
      db,
      {
        ownerId: t.ownerId,
        tokenId: t.id,
        type: 'needs_reauth',
        dedupeKey: `${t.id}:needs_reauth:${t.generation}`,
        title: `“${t.label}” needs to be reconnected`,
        detail: { provider: event.failure.message },
      },
      now,
    )
    return
  }
  // The generation only moves on success, so a run of failures raises one alert.
  notify(
    db,
    {
      ownerId: t.ownerId,
      tokenId: t.id,
      type: 'refresh_failed',
      dedupeKey: `${t.id}:failed:${t.generation}`,
      title: `Refreshing “${t.label}” failed`,
      detail: { provider: event.failure.message },
    },
    now,
  )
}
