import type { Invite } from '@tokendesk/shared/schemas/invite'
import { useId, useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { ConfirmDialog } from '@/components/ui/confirm-dialog'
import { QueryError } from '@/components/ui/query-error'
import { RelativeTime } from '@/components/ui/relative-time'
import { StatusBadge } from '@/components/ui/status-badge'
import { useToast } from '@/components/ui/use-toast'
import { useNow } from '@/hooks/use-now'
import { formatError } from '@/lib/format-error'
import { ROLE_LABELS } from '@/lib/role-labels'
import { useInvites } from '../api/get-invites'
import { useRevokeInvite } from '../api/revoke-invite'

/** Invites not used yet; nothing at all while there are none. */
export function PendingInvites() {
  const invites = useInvites()
  const revoke = useRevokeInvite()
  const toast = useToast()
  const now = useNow(30_000)
  const [revoking, setRevoking] = useState<Invite | null>(null)
  const headingId = useId()

  if (invites.isPending) return null
  if (invites.isError) {
    return (
      <QueryError
        title="Could not load pending invites"
        error={invites.error}
        onRetry={() => invites.refetch()}
      />
    )
  }
  if (invites.data.items.length === 0) return null

  const confirmRevoke = (invite: Invite) =>
    revoke.mutate(invite.id, {
      onSuccess: () => toast.notify(`The invite for ${invite.email} no longer works.`),
      onSettled: () => setRevoking(null),
    })

  return (
    <div className="stack subsection">
      <h3 id={headingId}>Pending invites</h3>
      {revoke.isError ? <Alert tone="error">{formatError(revoke.error)}</Alert> : null}
      <div className="table-wrap">
        <table className="table" aria-labelledby={headingId}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Expires</th>
              <th scope="col">Invited by</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {invites.data.items.map((invite) => (
              <tr key={invite.id}>
                <th scope="row" className="cell-strong">
                  {invite.name}
                </th>
                <td>{invite.email}</td>
                <td>{ROLE_LABELS[invite.role]}</td>
                <td>
                  {Date.parse(invite.expiresAt) <= now.getTime() ? (
                    <StatusBadge tone="warning">Expired</StatusBadge>
                  ) : null}{' '}
                  <RelativeTime date={invite.expiresAt} />
                </td>
                <td>{invite.invitedBy ?? '—'}</td>
                <td>
                  <button
                    type="button"
                    className="button button-danger-outline button-small"
                    onClick={() => setRevoking(invite)}
                  >
                    Revoke<span className="visually-hidden"> the invite for {invite.email}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke the invite for ${revoking?.email ?? ''}?`}
        confirmLabel="Revoke invite"
        tone="danger"
        busy={revoke.isPending}
        onCancel={() => setRevoking(null)}
        onConfirm={() => revoking && confirmRevoke(revoking)}
      >
        <p>The link stops working at once. You can invite them again later.</p>
      </ConfirmDialog>
    </div>
  )
}
