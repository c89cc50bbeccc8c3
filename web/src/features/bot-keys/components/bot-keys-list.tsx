import type { BotKeyView } from '@tokendesk/shared/schemas/bot-key'
import { useRef, useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { ConfirmDialog } from '@/components/ui/confirm-dialog'
import { EmptyState } from '@/components/ui/empty-state'
import { Loading } from '@/components/ui/loading'
import { QueryError } from '@/components/ui/query-error'
import { useToast } from '@/components/ui/use-toast'
import { formatError } from '@/lib/format-error'
import { useBotKeys } from '../api/get-bot-keys'
import { useRevokeBotKey } from '../api/revoke-bot-key'
import { BotKeyCreatedDialog, type CreatedKey } from './bot-key-created-dialog'
import { BotKeysTable, rowHeadingId } from './bot-keys-table'
import { ChangeTokensDialog } from './change-tokens-dialog'
import { RotateBotKeyDialog } from './rotate-bot-key-dialog'

export function BotKeysList() {
  const keys = useBotKeys()
  const revoke = useRevokeBotKey()
  const toast = useToast()
  const [confirming, setConfirming] = useState<BotKeyView | null>(null)
  const [rotating, setRotating] = useState<BotKeyView | null>(null)
  const [rebinding, setRebinding] = useState<BotKeyView | null>(null)
  const [rotated, setRotated] = useState<CreatedKey | null>(null)
  // Still known once the dialog is closing: its Rotate button went with the old key's row.
  const lastRotated = useRef<string | null>(null)

  if (keys.isPending) return <Loading label="Loading bot keys…" lines={3} />
  if (keys.isError) {
    return (
      <QueryError
        title="Could not load bot keys"
        error={keys.error}
        onRetry={() => keys.refetch()}
      />
    )
  }
  if (keys.data.items.length === 0) {
    return <EmptyState title="No bot keys yet">Create one with the form above.</EmptyState>
  }
  return (
    <>
      {revoke.isError ? <Alert tone="error">{formatError(revoke.error)}</Alert> : null}
      <BotKeysTable
        keys={keys.data.items}
        onRevoke={setConfirming}
        onRotate={setRotating}
        onChangeTokens={setRebinding}
      />
      <ConfirmDialog
        open={confirming !== null}
        title={`Revoke “${confirming?.name ?? ''}”?`}
        confirmLabel="Revoke key"
        tone="danger"
        busy={revoke.isPending}
        onCancel={() => setConfirming(null)}
        onConfirm={() => {
          if (!confirming) return
          revoke.mutate(confirming.id, {
            onSuccess: () => toast.notify(`“${confirming.name}” is revoked.`),
            onSettled: () => setConfirming(null),
          })
        }}
      >
        <p>Bots using this key get 401 from now on. This cannot be undone.</p>
      </ConfirmDialog>
      <RotateBotKeyDialog
        botKey={rotating}
        onClose={() => setRotating(null)}
        onRotated={(created) => {
          lastRotated.current = created.id
          setRotating(null)
          setRotated(created)
        }}
      />
      <ChangeTokensDialog botKey={rebinding} onClose={() => setRebinding(null)} />
      {/* After the rotate dialog: it opens as that one closes, so focus has gone back first. */}
      <BotKeyCreatedDialog
        created={rotated}
        onClose={() => setRotated(null)}
        fallbackFocus={() =>
          lastRotated.current ? document.getElementById(rowHeadingId(lastRotated.current)) : null
        }
      />
    </>
  )
}
