import type { InstallationView } from '@tokendesk/shared/schemas/installation'
import type { TokenView } from '@tokendesk/shared/schemas/token'
import { type FormEvent, useState } from 'react'
import { Link } from 'react-router-dom'
import { Alert } from '@/components/ui/alert'
import { RelativeTime } from '@/components/ui/relative-time'
import { SubmitButton } from '@/components/ui/submit-button'
import { paths } from '@/config/paths'
import { formatError } from '@/lib/format-error'
import { useMintInstallationToken } from '../api/mint-installation-token'
import { focusFirstScope, ScopePicker, scopeError } from './scope-picker'

type MintTokenFormProps = { installation: InstallationView; labelledBy: string }

export function MintTokenForm({ installation, labelledBy }: MintTokenFormProps) {
  const mint = useMintInstallationToken()
  const [scopes, setScopes] = useState(installation.scopes)
  const [error, setError] = useState<string>()
  const [minted, setMinted] = useState<TokenView | null>(null)

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const problem = scopeError(installation.scopes, scopes)
    setError(problem)
    if (problem) return focusFirstScope(event.currentTarget)
    setMinted(null)
    mint.mutate({ id: installation.id, scopes }, { onSuccess: setMinted })
  }

  return (
    <form className="form" noValidate onSubmit={handleSubmit} aria-labelledby={labelledBy}>
      {mint.isError ? (
        <Alert tone="error" title="No token was minted">
          {formatError(mint.error)}
        </Alert>
      ) : null}
      {minted ? (
        <Alert tone="success" title="Add-on token minted">
          <p>
            {minted.expiresAt ? (
              <>
                It expires <RelativeTime date={minted.expiresAt} />.
              </>
            ) : (
              'The provider did not say when it expires.'
            )}{' '}
            <Link to={paths.tokenDetail.getHref(minted.id)}>View the new token</Link>
          </p>
        </Alert>
      ) : null}
      <ScopePicker
        legend="Scopes for the add-on token"
        available={installation.scopes}
        value={scopes}
        onChange={setScopes}
        error={error}
      />
      <div>
        <SubmitButton pending={mint.isPending}>Mint add-on token</SubmitButton>
      </div>
    </form>
  )
}
