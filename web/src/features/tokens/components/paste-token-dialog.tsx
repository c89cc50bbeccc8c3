import type { TokenView } from '@tokendesk/shared/schemas/token'
import { Dialog } from '@/components/ui/dialog'
import { useToast } from '@/components/ui/use-toast'
import { PasteTokenForm } from './paste-token-form'

type PasteTokenDialogProps = { open: boolean; onClose: () => void }

export function PasteTokenDialog({ open, onClose }: PasteTokenDialogProps) {
  const toast = useToast()
  const handleCreated = (token: TokenView) => {
    onClose()
    toast.notify(
      token.verified
        ? `“${token.label}” was added and verified with the provider.`
        : `“${token.label}” was added but not verified: ${token.lastError ?? 'provider not asked'}.`,
      token.verified ? 'success' : 'info',
    )
  }
  return (
    <Dialog open={open} title="Paste a token" onClose={onClose} size="wide">
      <PasteTokenForm onCreated={handleCreated} onCancel={onClose} />
    </Dialog>
  )
}
