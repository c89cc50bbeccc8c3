import { useMutation } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'

export async function logout() {
  await callApi(api.auth.logout.$post())
}

type UseLogoutOptions = { onSuccess?: () => void }

export function useLogout({ onSuccess }: UseLogoutOptions = {}) {
  return useMutation({ mutationFn: logout, onSuccess })
}
