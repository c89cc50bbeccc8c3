import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { patchUserInputSchema, User } from '@tokendesk/shared/schemas/user'
import type { z } from 'zod'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export type UpdateUserInput = { id: string; patch: z.input<typeof patchUserInputSchema> }

export function updateUser({ id, patch }: UpdateUserInput) {
  return callApi(api.users[':id'].$patch({ param: { id }, json: patch }))
}

type UseUpdateUserOptions = {
  /** Lets the app refresh state owned by other features (e.g. the session after self-demotion). */
  onUpdated?: (user: User) => void
}

export function useUpdateUser({ onUpdated }: UseUpdateUserOptions = {}) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: updateUser,
    onSuccess: async (user) => {
      onUpdated?.(user)
      await queryClient.invalidateQueries({ queryKey: queryKeys.users.list() })
    },
  })
}
