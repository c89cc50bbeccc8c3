import type { HttpClient } from '../../app-env'
import { guardedFetch, type Resolver } from './guarded-fetch'

export function createHttpClient(opts: {
  trusted: string[]
  resolver?: Resolver
  timeoutMs?: number
}): HttpClient {
  return (url, init) => guardedFetch(url, init, opts)
}
