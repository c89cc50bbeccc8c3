import { useEffect, useRef } from 'react'
import { Alert } from '@/components/ui/alert'
import { isApiError } from '@/lib/api-client'

/** The server's words when no provider could vouch for a token, or null for any other error. */
export function unverifiableReason(error: unknown) {
  return isApiError(error, 'provider_untrusted') || isApiError(error, 'provider_unreachable')
    ? error.message
    : null
}

type UnverifiedChoiceProps = {
  reason: string
  pending: boolean
  onSave: () => void
  saveLabel?: string
}

/**
 * Says why the token could not be verified and offers the explicit choice to save it anyway.
 * Focus moves to that choice, so a keyboard user meets the question where it is asked.
 */
export function UnverifiedChoice({
  reason,
  pending,
  onSave,
  saveLabel = 'Save without verifying',
}: UnverifiedChoiceProps) {
  const ref = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    ref.current?.focus()
  }, [])
  return (
    <div className="unverified-choice">
      <Alert
        tone="warning"
        title="Token Desk could not verify this token"
        action={
          <button
            ref={ref}
            type="button"
            className="button button-secondary"
            disabled={pending}
            onClick={onSave}
          >
            {saveLabel}
          </button>
        }
      >
        <p>{reason}</p>
        <p>
          Saved without verifying, it is marked “not verified”: its expiry and scopes are only what
          you entered, and alerts cannot warn you before the provider stops accepting it.
        </p>
      </Alert>
    </div>
  )
}
