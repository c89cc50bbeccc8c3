import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { patchTokenInputSchema } from '@tokendesk/shared/schemas/token'
import type { z } from 'zod'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'
import { tokenQueryOptions } from './get-token'

export type UpdateTokenInput = { id: string; patch: z.input<typeof patchTokenInputSchema> }

export function updateToken({ id, patch }: UpdateTokenInput) {
  return callApi(api.tokens[':id'].$patch({ param: { id }, json: patch }))
}

export function useUpdateToken() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: updateToken,
    onSuccess: (token) => {
      queryClient.setQueryData(tokenQueryOptions(token.id).queryKey, token)
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.tokens.audit(token.id) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.tokens.lists() }),
      ])
    },
  })
}
