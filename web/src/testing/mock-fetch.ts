import type { AppType } from '@tokendesk/server/app'
import type { ErrorCode } from '@tokendesk/shared/errors'
import type { ExtractSchema } from 'hono/types'
import type { JSONValue } from 'hono/utils/types'
import { vi } from 'vitest'

type Schema = ExtractSchema<AppType>
type Verb<K> = K extends `$${infer M}` ? Uppercase<M> : never

/** Every route the server declares, spelled as the mock keys it: "GET /api/tokens/:id". */
export type Route = {
  [P in keyof Schema & string]: {
    [K in keyof Schema[P] & string]: `${Verb<K>} /api${P}`
  }[keyof Schema[P] & string]
}[keyof Schema & string]

type Endpoint<R extends Route> = R extends `${infer M} /api${infer P}`
  ? P extends keyof Schema
    ? Schema[P][`$${Lowercase<M>}` & keyof Schema[P]]
    : never
  : never
type Success<R extends Route> = Extract<Endpoint<R>, { status: 200 | 201 | 204 }>
/** Hono spells `unknown` inside a JSON body as `JSONValue`; the shared schemas keep `unknown`. */
type Widen<T> = JSONValue extends T
  ? unknown
  : T extends readonly unknown[]
    ? { [K in keyof T]: Widen<T[K]> }
    : T extends object
      ? { [K in keyof T]: Widen<T[K]> }
      : T

/** A success answer, with the status and body the server's own types give the route. */
export type Reply<S extends number = number, T = unknown> = {
  readonly kind: 'reply'
  readonly status: S
  readonly body: T
}
export type RouteReply<R extends Route> =
  Success<R> extends { status: infer S extends number; output: infer T }
    ? Reply<S, Widen<T>>
    : never

export type MockRequest = RequestInit & {
  url: string
  /** The route's `:name` segments, decoded. */
  params: Record<string, string>
  /** The JSON request body, parsed (undefined without one). */
  json: unknown
}

/** Answers a route with its typed reply, or a raw Response (errors, bodies that are not ours). */
export type Handler<R extends Route> = (
  request: MockRequest,
) => RouteReply<R> | Response | Promise<RouteReply<R> | Response>
export type Handlers = { [R in Route]?: Handler<R> }

// NoInfer: the body is checked against the route's type (extra fields included), not widened to it.
export const ok = <T>(body: NoInfer<T>): Reply<200, T> => ({ kind: 'reply', status: 200, body })
export const created = <T>(body: NoInfer<T>): Reply<201, T> => ({
  kind: 'reply',
  status: 201,
  body,
})
export const noContent = (): Reply<204, never> => ({
  kind: 'reply',
  status: 204,
  body: undefined as never,
})

export function errorResponse(
  status: number,
  code: ErrorCode,
  message: string,
  headers: Record<string, string> = {},
) {
  return new Response(JSON.stringify({ error: { code, message } }), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  })
}

function toResponse(answer: Reply | Response) {
  if (answer instanceof Response) return answer
  if (answer.status === 204) return new Response(null, { status: 204 })
  return new Response(JSON.stringify(answer.body), {
    status: answer.status,
    headers: { 'content-type': 'application/json' },
  })
}

type Compiled = { method: string; pattern: RegExp; names: string[]; handler: Handler<Route> }

function compile(handlers: Handlers): Compiled[] {
  return (Object.entries(handlers) as [Route, Handler<Route>][])
    .map(([key, handler]) => {
      const [method = '', path = ''] = key.split(' ')
      const names: string[] = []
      const source = path
        .split('/')
        .map((segment) => {
          if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
          names.push(segment.slice(1))
          return '([^/]+)'
        })
        .join('/')
      return { method, pattern: new RegExp(`^${source}$`), names, handler }
    })
    .sort((a, b) => a.names.length - b.names.length)
}

/**
 * Replaces global fetch with a router over the server's own routes ("METHOD /api/path/:param");
 * replies are typed from the server's `AppType`, so a mock that drifts from the real response
 * fails typechecking. Unknown routes answer 404 so a missing handler fails loudly.
 */
export function mockFetch(handlers: Handlers) {
  const routes = compile(handlers)
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const path = new URL(url, 'http://localhost').pathname
    const method = (init.method ?? 'GET').toUpperCase()
    for (const route of routes) {
      const match = route.method === method ? route.pattern.exec(path) : null
      if (!match) continue
      const params = Object.fromEntries(
        route.names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]),
      )
      const json = typeof init.body === 'string' ? JSON.parse(init.body) : undefined
      return toResponse(await route.handler({ ...init, url, params, json }))
    }
    return errorResponse(404, 'not_found', `No mock for ${method} ${path}`)
  })
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

/** The parsed JSON body of the n-th call to a mocked fetch. */
export function requestBody(fetchMock: ReturnType<typeof mockFetch>, call = 0): unknown {
  const init = fetchMock.mock.calls[call]?.[1]
  return typeof init?.body === 'string' ? JSON.parse(init.body) : undefined
}
