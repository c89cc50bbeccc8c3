import { useMutation } from '@tanstack/react-query'
import type { changePasswordInputSchema } from '@tokendesk/shared/schemas/user'
import type { z } from 'zod'
import { api, callApi } from '@/lib/api-client'

export type ChangePasswordInput = z.input<typeof changePasswordInputSchema>

export async function changePassword(input: ChangePasswordInput) {
  await callApi(api.auth.password.$post({ json: input }))
}

export function useChangePassword() {
  return useMutation({ mutationFn: changePassword })
}
