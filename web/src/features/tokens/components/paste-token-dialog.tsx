import type { TokenView } from '@tokendesk/shared/schemas/token'
import { Dialog } from '@/components/ui/dialog'
import { useToast } from '@/components/ui/use-toast'
import { PasteTokenForm } from './paste-token-form'

type PasteTokenDialogProps = { open: boolean; onClose: () => void }

/** Closes only once the token is stored: verified, or unverified because the person chose so. */
export function PasteTokenDialog({ open, onClose }: PasteTokenDialogProps) {
  const toast = useToast()
  const handleCreated = (token: TokenView) => {
    onClose()
    toast.notify(
      token.verified
        ? `“${token.label}” was added and verified with the provider.`
        : `“${token.label}” was saved without verifying. Its page lets you change the provider and check it again.`,
      token.verified ? 'success' : 'info',
    )
  }
  return (
    <Dialog open={open} title="Paste a token" onClose={onClose} size="wide">
      <PasteTokenForm onCreated={handleCreated} onCancel={onClose} />
    </Dialog>
  )
}
