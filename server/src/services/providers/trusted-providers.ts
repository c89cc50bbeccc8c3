import type { TrustedProvider } from '@tokendesk/shared/schemas/trusted-provider'
import { and, desc, eq, ne } from 'drizzle-orm'
import type { AppDeps, SessionUser } from '../../app-env'
import { installations } from '../../db/schema'
import { matchTrusted } from '../../lib/outbound/trusted-origin'
import { listOwner } from '../authz/ownership'
import { apiBase } from '../hipchat/hipchat-session-api'

/** HipChat's API lives under `/v2/` of its origin, as the bundled emulator's does. */
const HIPCHAT_API_PATH = '/v2/'

/**
 * The API bases a person can pick when pasting a token: every exact origin in
 * TOKENDESK_TRUSTED_PROVIDERS (a `*.` pattern names no single provider, so it is left out), then
 * the API base of each installation they can see that is still trusted. One entry per base.
 */
export async function trustedProvidersFor(
  deps: Pick<AppDeps, 'db' | 'config'>,
  user: SessionUser,
): Promise<TrustedProvider[]> {
  const { trustedProviders } = deps.config
  const seen = new Map<string, TrustedProvider>()
  for (const origin of trustedProviders) {
    if (origin.includes('*')) continue
    const url = new URL(origin)
    const base = `${url.origin}${HIPCHAT_API_PATH}`
    if (!seen.has(base)) seen.set(base, { label: url.host, apiBase: base, source: 'config' })
  }
  const owner = listOwner(user)
  const rows = await deps.db
    .select({ apiUrl: installations.apiUrl, groupName: installations.groupName })
    .from(installations)
    .where(
      and(
        ne(installations.status, 'removed'),
        owner === null ? undefined : eq(installations.ownerId, owner),
      ),
    )
    .orderBy(desc(installations.installedAt))
  for (const row of rows) {
    let url: URL
    try {
      url = new URL(row.apiUrl)
    } catch {
      continue
    }
    const base = apiBase(url.href)
    if (seen.has(base) || !matchTrusted(url, trustedProviders).trusted) continue
    const group = row.groupName ? `${row.groupName} on ${url.host}` : url.host
    seen.set(base, { label: `${group} (installation)`, apiBase: base, source: 'installation' })
  }
  return [...seen.values()]
}
