import type { InstallationView } from '@tokendesk/shared/schemas/installation'
import { type FormEvent, useEffect, useState } from 'react'
import { SubmitButton } from '@/components/ui/submit-button'
import { startUserConnection } from '../api/start-user-connection'
import { focusFirstScope, ScopePicker, scopeError } from './scope-picker'

type ConnectUserFormProps = { installation: InstallationView; labelledBy: string }

/** Starts the authorization-code flow: a full page load to the provider's consent page. */
export function ConnectUserForm({ installation, labelledBy }: ConnectUserFormProps) {
  const [scopes, setScopes] = useState(installation.scopes)
  const [error, setError] = useState<string>()
  const [leaving, setLeaving] = useState(false)

  // Coming back with the browser's Back button restores this page from its cache: re-arm it.
  useEffect(() => {
    const reset = () => setLeaving(false)
    window.addEventListener('pageshow', reset)
    return () => window.removeEventListener('pageshow', reset)
  }, [])

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const problem = scopeError(installation.scopes, scopes)
    setError(problem)
    if (problem) return focusFirstScope(event.currentTarget)
    setLeaving(true)
    startUserConnection(installation.id, scopes)
  }

  return (
    <form className="form" noValidate onSubmit={handleSubmit} aria-labelledby={labelledBy}>
      <p className="muted">
        You will go to the provider to sign in and approve. Afterwards you come back to the new user
        token here in Token Desk.
      </p>
      <ScopePicker
        legend="Scopes to ask the user for"
        available={installation.scopes}
        value={scopes}
        onChange={setScopes}
        error={error}
      />
      <div>
        <SubmitButton pending={leaving}>Connect a user</SubmitButton>
      </div>
    </form>
  )
}
