import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { patchTokenInputSchema } from '@tokendesk/shared/schemas/token'
import type { z } from 'zod'
import { api, callApi } from '@/lib/api-client'
import { tokenQueryOptions } from './get-token'
import { tokenAuditQueryOptions } from './get-token-audit'
import { tokensQueryOptions } from './get-tokens'

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
        queryClient.invalidateQueries({ queryKey: tokenAuditQueryOptions(token.id).queryKey }),
        queryClient.invalidateQueries({ queryKey: tokensQueryOptions().queryKey }),
      ])
    },
  })
}
