import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { ResetPasswordInput } from '@tokendesk/shared/schemas/user'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export type ResetPasswordVariables = { id: string; input: ResetPasswordInput }

export function resetPassword({ id, input }: ResetPasswordVariables) {
  return callApi(api.users[':id'].password.$put({ param: { id }, json: input }))
}

export function useResetPassword() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: resetPassword,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.users.list() }),
  })
}
