import type { AuditEvent } from '@tokendesk/shared/schemas/audit'

export type BotKeyUsage = {
  keyId: string
  /** The key's name where the audit names it for this viewer. */
  name: string | null
  count: number
  lastAt: string
}

const WINDOW_MS = 30 * 24 * 3_600_000

/** Which bot keys fetched the token in the last 30 days, from its `bot.access` audit events. */
export function recentBotKeyUsage(events: AuditEvent[], now = Date.now()): BotKeyUsage[] {
  const byKey = new Map<string, BotKeyUsage>()
  for (const event of events) {
    if (event.action !== 'bot.access') continue
    const at = Date.parse(event.at)
    if (!(now - at <= WINDOW_MS)) continue
    const keyId = event.detail?.keyId
    if (typeof keyId !== 'string') continue
    const count = typeof event.detail?.count === 'number' ? event.detail.count : 1
    const seen = byKey.get(keyId)
    if (!seen) byKey.set(keyId, { keyId, name: event.actorName ?? null, count, lastAt: event.at })
    else {
      seen.name ??= event.actorName ?? null
      seen.count += count
      if (at > Date.parse(seen.lastAt)) seen.lastAt = event.at
    }
  }
  return [...byKey.values()].sort((a, b) => Date.parse(b.lastAt) - Date.parse(a.lastAt))
}
