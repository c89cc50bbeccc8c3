import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { CreateInviteInput } from '@tokendesk/shared/schemas/invite'
import { api, callApi } from '@/lib/api-client'
import { invitesQueryOptions } from './get-invites'

/** Answers with the one-time link, shown this once. */
export function createInvite(input: CreateInviteInput) {
  return callApi(api.users.invites.$post({ json: input }))
}

export function useCreateInvite() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: createInvite,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invitesQueryOptions().queryKey }),
  })
}
