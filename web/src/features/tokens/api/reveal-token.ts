import { api, callApi } from '@/lib/api-client'

export type RevealPurpose = 'reveal' | 'copy'

/**
 * Fetches a token's value. Deliberately not a query or mutation: the value must never sit in the
 * TanStack cache, only in the component that shows or copies it, for as long as it does.
 */
export async function revealToken(id: string, purpose: RevealPurpose): Promise<string> {
  const { value } = await callApi(
    api.tokens[':id'].reveal.$post({ param: { id }, json: { purpose } }),
  )
  return value
}
