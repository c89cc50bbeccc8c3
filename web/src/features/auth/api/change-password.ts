import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { changePasswordInputSchema } from '@tokendesk/shared/schemas/user'
import type { z } from 'zod'
import { api, callApi } from '@/lib/api-client'
import { meQueryOptions } from './get-me'

export type ChangePasswordInput = z.input<typeof changePasswordInputSchema>

export async function changePassword(input: ChangePasswordInput) {
  await callApi(api.auth.password.$post({ json: input }))
}

export function useChangePassword() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: changePassword,
    // A password the person chose lifts "must change": the app opens up at once.
    onSuccess: () =>
      queryClient.setQueryData(meQueryOptions().queryKey, (me) =>
        me ? { ...me, mustChangePassword: false } : me,
      ),
  })
}
