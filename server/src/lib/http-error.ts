import type { ErrorCode } from '@tokendesk/shared/errors'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

export type Issue = { path: string; message: string }

/** An expected failure: `app.onError` turns it into `{"error":{"code","message"}}`. */
export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly issues?: Issue[],
    readonly headers?: Record<string, string>,
  ) {
    super(status, { message })
  }
}

export function fail(
  status: ContentfulStatusCode,
  code: ErrorCode,
  message: string,
  headers?: Record<string, string>,
): never {
  throw new ApiError(status, code, message, undefined, headers)
}

export const notFound = (what = 'Resource'): never => fail(404, 'not_found', `${what} not found`)

/** `Retry-After` in whole seconds, at least 1: the header every refusal that can be retried sends. */
export const retryAfter = (ms: number) => ({
  'Retry-After': String(Math.max(1, Math.ceil(ms / 1000))),
})
