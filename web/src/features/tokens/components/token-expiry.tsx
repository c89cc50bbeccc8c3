import type { TokenView } from '@tokendesk/shared/schemas/token'
import { OptionalTime } from './optional-time'

/**
 * The effective expiry, and where it comes from: when the owner set it by hand, both what the
 * provider says and what they set, since alerts follow the one they set.
 */
export function TokenExpiry({ token }: { token: TokenView }) {
  if (!token.expiryManual) {
    return (
      <>
        <OptionalTime date={token.expiresAt} empty="No expiry known" />
        {token.expiresAt && token.providerExpiresAt === token.expiresAt ? (
          <span className="muted"> · as the provider says</span>
        ) : null}
      </>
    )
  }
  return (
    <>
      <OptionalTime date={token.expiresAt} empty="No expiry" />{' '}
      <span className="badge badge-info">manual</span>
      <p className="cell-note">
        Provider says:{' '}
        <OptionalTime
          date={token.providerExpiresAt}
          empty={token.verified ? 'no expiry' : 'nothing (not verified)'}
        />
        ; you set: <OptionalTime date={token.expiresAt} empty="no expiry" />. Status and alerts use
        the date you set.
      </p>
    </>
  )
}
