import type { TokenView } from '@tokendesk/shared/schemas/token'
import { Alert } from '@/components/ui/alert'
import { useToast } from '@/components/ui/use-toast'
import { isApiError } from '@/lib/api-client'
import { formatAbsolute, formatRelative } from '@/lib/format-date'
import { formatError } from '@/lib/format-error'
import { useRefreshToken } from '../api/refresh-token'
import { reconnectHref } from './reconnect'
import { can } from './token-labels'

function expiryText(token: TokenView) {
  if (!token.expiresAt) return 'The provider did not say when it expires.'
  return `New expiry: ${formatAbsolute(token.expiresAt)} (${formatRelative(token.expiresAt, new Date())}).`
}

/** The server renews only what was on screen: a higher generation means someone else already did. */
function refreshNote(sent: number, fresh: TokenView) {
  return fresh.generation === sent + 1
    ? `Refreshed. ${expiryText(fresh)}`
    : `Already up to date: someone else refreshed it a moment ago. ${expiryText(fresh)}`
}

function advice(error: unknown, token: TokenView) {
  if (isApiError(error, 'provider_circuit_open'))
    return 'Token Desk has paused calls to this provider after repeated failures and tries again by itself when the pause ends.'
  if (isApiError(error, 'reauth_required')) {
    if (!reconnectHref(token))
      return 'The provider no longer accepts this grant. Add a new token from the provider.'
    return can(token, 'token.reconnect')
      ? 'The provider no longer accepts this grant. Press Reconnect above to approve Token Desk again; the token keeps its shares and bot keys.'
      : 'The provider no longer accepts this grant. Ask the token’s owner to reconnect it.'
  }
  if (isApiError(error, 'provider_error') || isApiError(error, 'provider_unreachable'))
    return 'Try again in a few minutes. If it keeps failing, check the installation at the provider.'
  return 'Try again. If it keeps failing, the server log has the details.'
}

export function RefreshAction({ token }: { token: TokenView }) {
  const refresh = useRefreshToken()
  const toast = useToast()

  return (
    <div className="refresh-action">
      <div className="button-row">
        <button
          type="button"
          className="button button-primary"
          onClick={() =>
            refresh.mutate(
              { id: token.id, generation: token.generation },
              { onSuccess: (fresh) => toast.notify(refreshNote(token.generation, fresh)) },
            )
          }
          disabled={refresh.isPending}
          aria-busy={refresh.isPending || undefined}
        >
          {refresh.isPending ? (
            <span className="spinner spinner-inverse" aria-hidden="true" />
          ) : null}
          {refresh.isPending ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      {refresh.isError ? (
        <Alert tone="error" title="The token was not refreshed">
          <p>{formatError(refresh.error)}</p>
          <p>{advice(refresh.error, token)}</p>
        </Alert>
      ) : null}
    </div>
  )
}
