import { Alert } from '@/components/ui/alert'
import { Loading } from '@/components/ui/loading'
import { useToast } from '@/components/ui/use-toast'
import { formatError } from '@/lib/format-error'
import { useShares } from '../api/get-shares'
import { useRemoveShare } from '../api/remove-share'
import { ShareForm } from './share-form'

const ACCESS_TEXT = { view: 'Can view', use: 'Can use' } as const

type TokenSharingProps = {
  tokenId: string
  /** `token.share`: may add and remove shares. */
  canShare: boolean
  /** `token.read_shares`: may see who it is shared with. */
  canListShares: boolean
}

export function TokenSharing({ tokenId, canShare, canListShares }: TokenSharingProps) {
  const shares = useShares(tokenId, canListShares)
  const remove = useRemoveShare()
  const toast = useToast()

  const handleRemove = (userId: string, email: string) =>
    remove.mutate(
      { id: tokenId, userId },
      { onSuccess: () => toast.notify(`${email} no longer has access.`) },
    )

  return (
    <div className="stack">
      {canShare ? <ShareForm tokenId={tokenId} /> : null}
      {remove.isError ? <Alert tone="error">{formatError(remove.error)}</Alert> : null}
      {!canListShares ? null : shares.isPending ? (
        <Loading label="Loading shares…" />
      ) : shares.isError ? (
        <Alert tone="error" title="Could not load shares">
          {formatError(shares.error)}
        </Alert>
      ) : shares.data.items.length === 0 ? (
        <p className="muted">Not shared with anyone.</p>
      ) : (
        <ul className="share-list" aria-label="People this token is shared with">
          {shares.data.items.map((share) => (
            <li key={share.userId} className="share-item">
              <span>
                <span className="cell-strong">{share.name}</span>{' '}
                <span className="muted">{share.email}</span>
              </span>
              <span>{ACCESS_TEXT[share.access]}</span>
              {canShare ? (
                <button
                  type="button"
                  className="button button-danger-outline button-small"
                  onClick={() => handleRemove(share.userId, share.email)}
                  disabled={remove.isPending}
                >
                  Remove<span className="visually-hidden"> {share.email}</span>
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
