import { useCallback, useState } from 'react'
import { isApiError } from '@/lib/api-client'

/**
 * Step-up for actions the server guards with a recent password (reveal, binding tokens to a bot
 * key, changing an owner). `intercept` parks a retry when a call failed with 401
 * `reauth_required` and opens the password dialog; confirming runs that retry. Callers pass
 * `intercept` only on the first attempt, so a second refusal is shown, never looped on.
 */
export function useStepUp() {
  const [parked, setParked] = useState<(() => void) | null>(null)

  const intercept = useCallback((error: unknown, retry: () => void) => {
    if (!isApiError(error, 'reauth_required')) return false
    setParked(() => retry)
    return true
  }, [])

  const confirm = useCallback(() => {
    setParked(null)
    parked?.()
  }, [parked])

  const cancel = useCallback(() => setParked(null), [])

  return { open: parked !== null, intercept, confirm, cancel }
}
