import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { loginInputSchema } from '@tokendesk/shared/schemas/user'
import type { z } from 'zod'
import { api, callApi } from '@/lib/api-client'
import { meQueryOptions } from './get-me'

export type LoginInput = z.input<typeof loginInputSchema>

export function login(input: LoginInput) {
  return callApi(api.auth.login.$post({ json: input }))
}

export function useLogin() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: login,
    onSuccess: (user) => {
      // Drop anything cached for a previous session before the new user's pages load.
      queryClient.removeQueries({ type: 'inactive' })
      queryClient.setQueryData(meQueryOptions().queryKey, user)
    },
  })
}
