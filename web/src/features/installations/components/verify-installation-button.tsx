import type { InstallationView } from '@tokendesk/shared/schemas/installation'
import { type ReactNode, useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { formatError } from '@/lib/format-error'
import { useVerifyInstallation } from '../api/verify-installation'

/** Asks the provider for a token with the stored credentials and reports what happened. */
type VerifyInstallationButtonProps = {
  installationId: string
  /** Other buttons to show in the same row. */
  children?: ReactNode
}

export function VerifyInstallationButton({
  installationId,
  children,
}: VerifyInstallationButtonProps) {
  const verify = useVerifyInstallation()
  const [result, setResult] = useState<InstallationView | null>(null)

  const handleVerify = () => {
    setResult(null)
    verify.mutate(installationId, { onSuccess: setResult })
  }

  const ok = result && result.status === 'active' && !result.lastError
  return (
    <div className="stack">
      <div className="action-row">
        <button
          type="button"
          className="button button-secondary"
          onClick={handleVerify}
          disabled={verify.isPending}
          aria-busy={verify.isPending || undefined}
        >
          {verify.isPending ? <span className="spinner" aria-hidden="true" /> : null}
          Verify now
        </button>
        {children}
      </div>
      {verify.isError ? (
        <Alert tone="error" title="Could not verify">
          {formatError(verify.error)}
        </Alert>
      ) : null}
      {result ? (
        <Alert tone={ok ? 'success' : 'error'} title={ok ? 'Verified' : 'Verification failed'}>
          {ok
            ? 'The provider issued a token with the stored credentials.'
            : (result.lastError ?? 'The provider did not accept the stored credentials.')}
        </Alert>
      ) : null}
    </div>
  )
}
