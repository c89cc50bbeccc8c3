import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { AcceptInviteInput } from '@tokendesk/shared/schemas/invite'
import { api, callApi } from '@/lib/api-client'
import { meQueryOptions } from './get-me'

export function acceptInvite(input: AcceptInviteInput) {
  return callApi(api.auth.invite.accept.$post({ json: input }))
}

export function useAcceptInvite() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: acceptInvite,
    onSuccess: (user) => {
      // Signed in as the new person: nothing cached for a previous session may show.
      queryClient.removeQueries({ type: 'inactive' })
      queryClient.setQueryData(meQueryOptions().queryKey, user)
    },
  })
}
