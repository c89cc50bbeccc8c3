import { Alert } from '@/components/ui/alert'
import { CopyableValue } from '@/components/ui/copyable-value'
import { Dialog, DialogCloseButton } from '@/components/ui/dialog'
import { RelativeTime } from '@/components/ui/relative-time'

export type CreatedInvite = { url: string; email: string; expiresAt: string }

type InviteLinkDialogProps = { created: CreatedInvite | null; onClose: () => void }

/** The only time the link is shown: the server keeps just its hash. */
export function InviteLinkDialog({ created, onClose }: InviteLinkDialogProps) {
  return (
    <Dialog
      open={created !== null}
      title="Invite link created"
      onClose={onClose}
      size="wide"
      guard={{
        when: true,
        question: 'Have you copied the invite link?',
        detail: (
          <p>
            It is shown only this once. If it is lost, revoke the invite under Pending invites and
            create another.
          </p>
        ),
      }}
    >
      {created ? (
        <div className="stack">
          <Alert tone="warning" title="Copy it now: it will not be shown again">
            Send it to {created.email} privately (not in a shared channel): whoever opens it first
            chooses the password.
          </Alert>
          <CopyableValue label="Invite link" value={created.url} secret />
          <p>
            It works once and expires <RelativeTime date={created.expiresAt} />.
          </p>
          <div className="dialog-actions">
            <DialogCloseButton />
            <button type="button" className="button button-primary" onClick={onClose}>
              I have copied it
            </button>
          </div>
        </div>
      ) : null}
    </Dialog>
  )
}
