import { useCallback, useState } from 'react'
import { isApiError } from '@/lib/api-client'
import { type RevealPurpose, revealToken } from '../api/reveal-token'

type SecretState = {
  pending: RevealPurpose | null
  /** The purpose waiting for a password (step-up) before it is retried. */
  needsPassword: RevealPurpose | null
  error: unknown
}

/**
 * Fetches a token value on demand. A 401 reauth_required parks the request until the password
 * dialog confirms, then `retry` runs it again; the value only ever goes to `onValue`.
 */
export function useTokenSecret(
  id: string,
  onValue: (value: string, purpose: RevealPurpose) => void,
) {
  const [state, setState] = useState<SecretState>({
    pending: null,
    needsPassword: null,
    error: null,
  })

  const run = useCallback(
    async (purpose: RevealPurpose) => {
      setState({ pending: purpose, needsPassword: null, error: null })
      try {
        const value = await revealToken(id, purpose)
        setState({ pending: null, needsPassword: null, error: null })
        await onValue(value, purpose)
      } catch (error) {
        if (isApiError(error, 'reauth_required')) {
          setState({ pending: null, needsPassword: purpose, error: null })
        } else {
          setState({ pending: null, needsPassword: null, error })
        }
      }
    },
    [id, onValue],
  )

  const retry = useCallback(() => {
    if (state.needsPassword) void run(state.needsPassword)
  }, [run, state.needsPassword])

  const cancel = useCallback(() => setState((s) => ({ ...s, needsPassword: null })), [])
  const clearError = useCallback(() => setState((s) => ({ ...s, error: null })), [])

  return { ...state, run, retry, cancel, clearError }
}
