import { useState } from 'react'
import { PageHeader } from '@/components/ui/page-header'
import { useCurrentUser } from '@/features/auth/api/get-me'
import { PasteTokenDialog } from '@/features/tokens/components/paste-token-dialog'
import { TokensList } from '@/features/tokens/components/tokens-list'

export function TokensRoute() {
  const user = useCurrentUser()
  const [pasting, setPasting] = useState(false)
  return (
    <>
      <PageHeader
        title="Tokens"
        description="Every token you own or that is shared with you, with its expiry."
        actions={
          <button type="button" className="button button-primary" onClick={() => setPasting(true)}>
            Paste token
          </button>
        }
      />
      <TokensList isAdmin={user.role === 'admin'} onPaste={() => setPasting(true)} />
      <PasteTokenDialog open={pasting} onClose={() => setPasting(false)} />
    </>
  )
}
