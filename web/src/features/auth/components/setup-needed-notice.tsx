import { Alert } from '@/components/ui/alert'

/** Shown on sign-in while no account exists yet. */
export function SetupNeededNotice() {
  return (
    <Alert tone="info" title="Token Desk is not set up yet">
      <p>
        The first admin account must be created through the one-time setup URL that the server
        printed when it started. It ends with <code>/setup#</code> followed by a long one-time
        token.
      </p>
      <p>Open that exact URL in this browser; after that, people can sign in here.</p>
    </Alert>
  )
}
