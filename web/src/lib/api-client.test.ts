import { describe, expect, it } from 'vitest'
import { mockFetch } from '@/testing/mock-fetch'
import { ApiRequestError, api, callApi } from './api-client'
import { formatError } from './format-error'

describe('callApi and formatError', () => {
  it('turns the server error body into an ApiRequestError with code and issues', async () => {
    mockFetch({
      'POST /api/users': () =>
        new Response(
          JSON.stringify({
            error: {
              code: 'validation_failed',
              message: 'Invalid json',
              issues: [{ path: 'email', message: 'Invalid email' }],
            },
          }),
          { status: 400, headers: { 'content-type': 'application/json' } },
        ),
    })
    const error = await callApi(
      api.users.$post({ json: { email: 'x', name: 'X', password: 'p', role: 'owner' } }),
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiRequestError)
    expect(error).toMatchObject({ status: 400, code: 'validation_failed' })
    expect((error as ApiRequestError).issues).toEqual([{ path: 'email', message: 'Invalid email' }])
  })

  it('copes with a body that is not ours', async () => {
    mockFetch({ 'GET /api/health': () => new Response('Bad gateway', { status: 502 }) })
    const error = await callApi(api.health.$get()).catch((e: unknown) => e)
    expect(error).toMatchObject({ status: 502, code: 'unknown' })
    expect(formatError(error)).toContain('502')
  })

  it('explains network failures and unknown values', () => {
    expect(formatError(new TypeError('Failed to fetch'))).toContain('Could not reach')
    expect(formatError(42)).toBe('Something went wrong. Please try again.')
  })
})
