import type { Db } from '../../db/client'
import type { RefreshEvent } from '../refresh/refresh-engine'
import { type NotifyInput, notifyStandalone } from './notify'

/** The notification a refresh outcome raises, if any: one per transition. */
export function refreshAlert(event: RefreshEvent): NotifyInput | null {
  const t = event.token
  if (event.type === 'refreshed') {
    if (!event.recovered) return null
    return {
      ownerId: t.ownerId,
      tokenId: t.id,
      type: 'recovered',
      dedupeKey: `${t.id}:recovered:${t.generation}`,
      title: `“${t.label}” refreshes again`,
    }
  }
  if (event.needsReauth) {
    return {
      ownerId: t.ownerId,
      tokenId: t.id,
      type: 'needs_reauth',
      dedupeKey: `${t.id}:needs_reauth:${t.generation}`,
      title: `“${t.label}” needs to be reconnected`,
      detail: { provider: event.failure.message },
    }
  }
  // The generation only moves on success, so a run of failures raises one alert.
  return {
    ownerId: t.ownerId,
    tokenId: t.id,
    type: 'refresh_failed',
    dedupeKey: `${t.id}:failed:${t.generation}`,
    title: `Refreshing “${t.label}” failed`,
    detail: { provider: event.failure.message },
  }
}

/**
 * Turns a refresh outcome into a notification, in its own transaction: the engine reports
 * outcomes after its write has committed. Resolves to whether a notification was created.
 */
export async function alertOnRefresh(db: Db, event: RefreshEvent, now: number) {
  const alert = refreshAlert(event)
  return alert ? notifyStandalone(db, alert, now) : false
}
