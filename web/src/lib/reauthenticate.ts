import { useMutation } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'

/** Confirms the password again (step-up) so the session may do what needs a recent password. */
export function reauthenticate(password: string) {
  return callApi(api.auth.reauth.$post({ json: { password } }))
}

export function useReauthenticate() {
  return useMutation({ mutationFn: reauthenticate })
}
