import { describe, expect, it } from 'vitest'
import { api, callApi } from '@/lib/api-client'
import { created, errorResponse, type Handlers, mockFetch, noContent, ok } from './mock-fetch'
import { makeToken } from './token-fixture'

describe('mockFetch', () => {
  it('routes by the server’s own patterns, passing params and the JSON body', async () => {
    const seen: unknown[] = []
    mockFetch({
      'POST /api/tokens/:id/refresh': ({ params, json }) => {
        seen.push(params, json)
        return ok(makeToken({ id: params.id ?? '', generation: 2 }))
      },
    })
    const token = await callApi(
      api.tokens[':id'].refresh.$post({ param: { id: 'a b' }, json: { generation: 1 } }),
    )
    expect(token).toMatchObject({ id: 'a b', generation: 2 })
    expect(seen).toEqual([{ id: 'a b' }, { generation: 1 }])
  })

  it('matches whole paths: a pattern for a token does not answer for its audit', async () => {
    mockFetch({
      'GET /api/tokens/:id': () => errorResponse(404, 'not_found', 'wrong route'),
      'GET /api/tokens/:id/audit': () => ok({ items: [], nextCursor: null }),
    })
    await expect(callApi(api.tokens[':id'].audit.$get({ param: { id: 't1' } }))).resolves.toEqual({
      items: [],
      nextCursor: null,
    })
  })

  it('answers with the reply’s status: 201 for created, 204 with no body', async () => {
    const fetchMock = mockFetch({
      'POST /api/tokens': () => created(makeToken()),
      'POST /api/auth/logout': () => noContent(),
    })
    const made = await fetch('/api/tokens', { method: 'POST', body: '{}' })
    expect(made.status).toBe(201)
    expect(await made.json()).toEqual(makeToken())
    const gone = await fetch('/api/auth/logout', { method: 'POST' })
    expect(gone.status).toBe(204)
    expect(await gone.text()).toBe('')
    expect(fetchMock).toHaveBeenCalledTimes(2)
  })

  it('answers 404 for a route nobody mocked, so a missing handler fails loudly', async () => {
    mockFetch({})
    const res = await fetch('/api/users')
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } })
  })

  it('rejects at typecheck an answer that has drifted from the server’s types', () => {
    // Each line below is a mock the real server could not send; tsc -p web fails if one is accepted.
    const drifted: Handlers = {
      // @ts-expect-error a field the server does not send
      'GET /api/auth/setup': () => ok({ needed: true, stale: 1 }),
      // @ts-expect-error a required field missing
      'POST /api/installations/:id/tokens': () => created({ id: 't9', expiresAt: null }),
      // @ts-expect-error the wrong success status: the route answers 201
      'POST /api/tokens': () => ok(makeToken()),
      'GET /api/users': () =>
        ok({
          items: [
            {
              id: 'u1',
              email: 'root@example.com',
              name: 'Root',
              // @ts-expect-error the wrong type for a field
              role: 'root',
              disabled: false,
              createdAt: '2026-01-01T00:00:00.000Z',
            },
          ],
          nextCursor: null,
        }),
      // @ts-expect-error an error code the server does not have
      'GET /api/overview': () => errorResponse(500, 'oops', 'no'),
    }
    const unknownRoute: Handlers = {
      // @ts-expect-error a route the server does not declare
      'GET /api/tokenz': () => ok({}),
    }
    expect(Object.keys({ ...drifted, ...unknownRoute })).toHaveLength(6)
  })
})
