import type { AppType } from '@tokendesk/server/app'
import { apiErrorSchema, type ErrorCode } from '@tokendesk/shared/errors'
import { type ClientResponse, hc, parseResponse } from 'hono/client'
import { env } from '@/config/env'

export const api = hc<AppType>(env.apiBase)

export type FieldIssue = { path: string; message: string }

/** A non-2xx answer, carrying the server's `{"error":{code,message,issues}}` body. */
export class ApiRequestError extends Error {
  readonly name = 'ApiRequestError'

  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'unknown',
    message: string,
    readonly issues: FieldIssue[] = [],
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message)
  }
}

async function toApiRequestError(res: Response) {
  const retryAfter = Number(res.headers.get('retry-after'))
  const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null
  const body = await res.json().catch(() => null)
  const parsed = apiErrorSchema.safeParse(body)
  if (!parsed.success) {
    const message = `The server answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`
    return new ApiRequestError(res.status, 'unknown', message, [], retryAfterSeconds)
  }
  const { code, message, issues } = parsed.data.error
  return new ApiRequestError(res.status, code, message, issues ?? [], retryAfterSeconds)
}

/** Awaits an `hc` call, returning the typed success body or throwing `ApiRequestError`. */
export async function callApi<T extends ClientResponse<unknown>>(request: Promise<T>) {
  const res = await request
  if (!res.ok) throw await toApiRequestError(res)
  return parseResponse(res)
}

export function isApiError(error: unknown, code?: ErrorCode): error is ApiRequestError {
  return error instanceof ApiRequestError && (code === undefined || error.code === code)
}
