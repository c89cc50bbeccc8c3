import { useState } from 'react'
import { MAIN_CONTENT_ID } from '@/components/layouts/skip-link'
import { ConfirmDialog } from '@/components/ui/confirm-dialog'
import { useToast } from '@/components/ui/use-toast'
import { formatError } from '@/lib/format-error'
import { useRemoveInstallation } from '../api/remove-installation'

type RemoveInstallationButtonProps = { installationId: string; name: string }

export function RemoveInstallationButton({ installationId, name }: RemoveInstallationButtonProps) {
  const remove = useRemoveInstallation()
  const toast = useToast()
  const [confirming, setConfirming] = useState(false)

  const handleConfirm = () => {
    remove.mutate(installationId, {
      onSuccess: () => {
        toast.notify(`${name} was removed and its tokens revoked.`)
        // This button disappears with the actions of a removed installation; start from the top.
        document.getElementById(MAIN_CONTENT_ID)?.focus()
      },
      onError: (error) => toast.notify(`Could not remove: ${formatError(error)}`, 'error'),
      onSettled: () => setConfirming(false),
    })
  }

  return (
    <>
      <button
        type="button"
        className="button button-danger-outline"
        onClick={() => setConfirming(true)}
      >
        Remove installation
      </button>
      <ConfirmDialog
        open={confirming}
        title={`Remove ${name}?`}
        confirmLabel="Remove"
        tone="danger"
        busy={remove.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={handleConfirm}
      >
        <p>
          Token Desk wipes the stored OAuth secret and revokes every token minted from this
          installation. The add-on stays installed at the provider until someone uninstalls it
          there.
        </p>
      </ConfirmDialog>
    </>
  )
}
