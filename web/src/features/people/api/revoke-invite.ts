import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { invitesQueryOptions } from './get-invites'

export async function revokeInvite(id: string) {
  await callApi(api.users.invites[':id'].$delete({ param: { id } }))
}

export function useRevokeInvite() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: revokeInvite,
    onSettled: () => queryClient.invalidateQueries({ queryKey: invitesQueryOptions().queryKey }),
  })
}
