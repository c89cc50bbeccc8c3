import { AsyncLocalStorage } from 'node:async_hooks'

/** Who is calling, for audit rows written deep inside services without threading it through. */
export type RequestContext = { ip: string | null; userAgent: string | null }

export const requestContext = new AsyncLocalStorage<RequestContext>()
