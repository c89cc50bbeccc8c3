import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { CreateUserInput } from '@tokendesk/shared/schemas/user'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export function createUser(input: CreateUserInput) {
  return callApi(api.users.$post({ json: input }))
}

export function useCreateUser() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: createUser,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.users.list() }),
  })
}
