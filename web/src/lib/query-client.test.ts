import { describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from './api-client'
import { createQueryClient } from './query-client'

describe('createQueryClient', () => {
  it('signs out on a 401, but not on the step-up reauth_required answer', async () => {
    const onUnauthenticated = vi.fn()
    const client = createQueryClient({ onUnauthenticated })
    const fail = (code: 'reauth_required' | 'unauthenticated') => () =>
      Promise.reject(new ApiRequestError(401, code, 'no'))

    await client.fetchQuery({ queryKey: ['a'], queryFn: fail('reauth_required') }).catch(() => {})
    expect(onUnauthenticated).not.toHaveBeenCalled()
    await client.fetchQuery({ queryKey: ['b'], queryFn: fail('unauthenticated') }).catch(() => {})
    expect(onUnauthenticated).toHaveBeenCalledOnce()
  })
})
