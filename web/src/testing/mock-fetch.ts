import { vi } from 'vitest'

type Handler = (init: RequestInit & { url: string }) => Response | Promise<Response>

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  })
}

export function errorResponse(status: number, code: string, message: string, headers = {}) {
  return jsonResponse({ error: { code, message } }, status, headers)
}

/**
 * Replaces global fetch with a router over "METHOD /path" keys; unknown routes answer 404 so a
 * missing handler fails loudly instead of hanging.
 */
export function mockFetch(handlers: Record<string, Handler>) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const path = new URL(url, 'http://localhost').pathname
    const handler = handlers[`${(init.method ?? 'GET').toUpperCase()} ${path}`]
    if (!handler) return errorResponse(404, 'not_found', `No mock for ${init.method} ${path}`)
    return handler({ ...init, url })
  })
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

/** The parsed JSON body of the n-th call to a mocked fetch. */
export function requestBody(fetchMock: ReturnType<typeof mockFetch>, call = 0): unknown {
  const init = fetchMock.mock.calls[call]?.[1]
  return typeof init?.body === 'string' ? JSON.parse(init.body) : undefined
}
