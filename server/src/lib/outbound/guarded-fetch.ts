import { lookup as dnsLookup } from 'node:dns/promises'
import { isIP } from 'node:net'
import { Agent, type Dispatcher, request } from 'undici'
import { isPublicAddress } from './address-policy'
import { matchTrusted } from './trusted-origin'

export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>

export const systemResolver: Resolver = (hostname) =>
  dnsLookup(hostname, { all: true, verbatim: true })

export type OutboundReason =
  | 'bad_url'
  | 'untrusted'
  | 'insecure'
  | 'internal_address'
  | 'dns'
  | 'redirect'
  | 'too_large'
  | 'timeout'
  | 'network'

export class OutboundError extends Error {
  constructor(
    readonly reason: OutboundReason,
    message: string,
  ) {
    super(message)
  }
}

export type OutboundOptions = {
  trusted: string[]
  /** Also allow any https URL whose addresses are all public (webhook receivers). */
  allowPublicHttps?: boolean
  resolver?: Resolver
  /** The whole exchange: connect, send, answer. */
  timeoutMs?: number
  /** Establishing the connection alone (undici's default is 10 s). */
  connectTimeoutMs?: number
  maxBytes?: number
  /**
   * The answer's status is all the caller needs (a webhook receiver's): the body is discarded
   * unread, so its size or a close mid-body cannot fail the call, and a 3xx is returned as a
   * status (it is never followed either way).
   */
  statusOnly?: boolean
}

/** What callers read of an answer's headers: WHATWG `Headers` satisfies it, and so do fakes. */
export type ResponseHeaders = Pick<Headers, 'get'>

export type OutboundResponse = { status: number; headers: ResponseHeaders; text: string }

/** Checks a URL against the allowlist and address policy; returns the address to connect to. */
export async function vetUrl(raw: string, opts: OutboundOptions) {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new OutboundError('bad_url', 'not a URL')
  }
  if (url.username || url.password) throw new OutboundError('bad_url', 'credentials in URL')
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new OutboundError('bad_url', 'scheme')
  const matched = matchTrusted(url, opts.trusted)
  const trust =
    !matched.trusted && opts.allowPublicHttps && url.protocol === 'https:'
      ? { trusted: true, exact: false }
      : matched
  if (!trust.trusted)
    throw new OutboundError('untrusted', `${url.origin} is not a trusted provider`)
  if (url.protocol === 'http:' && !trust.exact) {
    throw new OutboundError('insecure', 'http is allowed only for an exactly trusted origin')
  }
  const host = url.hostname.replace(/^\[|\]$/g, '')
  let addresses: { address: string; family: number }[]
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }]
  else {
    try {
      addresses = await (opts.resolver ?? systemResolver)(host)
    } catch {
      throw new OutboundError('dns', `cannot resolve ${host}`)
    }
  }
  const first = addresses[0]
  if (!first) throw new OutboundError('dns', `no address for ${host}`)
  // An exactly trusted origin may be internal (the emulator on loopback); a glob match may not.
  if (!trust.exact && !addresses.every((a) => isPublicAddress(a.address))) {
    throw new OutboundError('internal_address', `${host} resolves to an internal address`)
  }
  return { url, address: first }
}

/** What fetch sent by default; some providers refuse a request without a user agent. */
const DEFAULT_HEADERS: Record<string, string> = { accept: '*/*', 'user-agent': 'undici' }

/**
 * An HTTP exchange for provider calls: allowlisted origins only, the socket pinned to the vetted
 * address (no DNS rebinding between check and connect), no redirects, capped size and time.
 * Uses undici's `request` rather than its WHATWG `fetch`: the same agent and guarantees, without
 * the Request/stream/abort-signal machinery that cost ~5× the CPU per call (BENCHMARKS.md #4).
 */
export async function guardedFetch(
  raw: string,
  init: { method?: string; headers?: Record<string, string>; body?: string },
  opts: OutboundOptions,
): Promise<OutboundResponse> {
  const { url, address } = await vetUrl(raw, opts)
  const agent = agentFor(address, opts.connectTimeoutMs ?? 10_000)
  const maxBytes = opts.maxBytes ?? 256 * 1024
  // One deadline for the whole exchange, body included: aborting the signal fails the pending
  // request or the body being read.
  const abort = new AbortController()
  const timer = setTimeout(() => abort.abort(), opts.timeoutMs ?? 10_000)
  try {
    const res = await request(url, {
      method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
      headers: withDefaults(init.headers),
      body: init.body,
      dispatcher: agent,
      signal: abort.signal,
      // No redirect interceptor on the agent: a 3xx is returned as it is, never followed.
    })
    if (opts.statusOnly) {
      drop(res.body)
      return { status: res.statusCode, headers: toHeaders(res.headers), text: '' }
    }
    if (res.statusCode >= 300 && res.statusCode < 400) {
      drop(res.body)
      throw new OutboundError(
        'redirect',
        'provider answered with a redirect, which is not followed',
      )
    }
    if (Number(res.headers['content-length']) > maxBytes) {
      drop(res.body)
      throw new OutboundError('too_large', 'provider response too large')
    }
    const text = await readCapped(res.body, maxBytes)
    return { status: res.statusCode, headers: toHeaders(res.headers), text }
  } catch (err) {
    if (err instanceof OutboundError) throw err
    if (abort.signal.aborted) throw new OutboundError('timeout', 'provider did not answer in time')
    throw new OutboundError('network', 'provider unreachable')
  } finally {
    clearTimeout(timer)
  }
}

function withDefaults(headers: Record<string, string> | undefined) {
  if (!headers) return DEFAULT_HEADERS
  const out: Record<string, string> = { ...headers }
  const present = new Set(Object.keys(headers).map((k) => k.toLowerCase()))
  for (const [k, v] of Object.entries(DEFAULT_HEADERS)) if (!present.has(k)) out[k] = v
  return out
}

/**
 * The answer's headers read where undici left them (lower-case names), joined like `Headers.get`
 * joins repeated ones: building a WHATWG `Headers` for each exchange cost more than reading it.
 */
function toHeaders(raw: Record<string, string | string[] | undefined>): ResponseHeaders {
  return {
    get(name) {
      const value = raw[name.toLowerCase()]
      if (value === undefined) return null
      return Array.isArray(value) ? value.join(', ') : value
    },
  }
}

/**
 * One keep-alive agent per vetted address: its lookup always answers that address, so every
 * connection it opens goes where the check said, and refreshes reuse connections.
 */
const agents = new Map<string, Agent>()
const MAX_AGENTS = 64

function agentFor(address: { address: string; family: number }, connectTimeoutMs: number) {
  const key = `${address.family}|${address.address}|${connectTimeoutMs}`
  let agent = agents.get(key)
  if (!agent) {
    if (agents.size >= MAX_AGENTS) {
      const [oldestKey, oldest] = agents.entries().next().value as [string, Agent]
      agents.delete(oldestKey)
      oldest.close().catch(() => {})
    }
    agent = new Agent({
      keepAliveTimeout: 10_000,
      connect: {
        timeout: connectTimeoutMs,
        lookup: (_host, _o, cb) => cb(null, [{ address: address.address, family: address.family }]),
      },
    })
    agents.set(key, agent)
  }
  return agent
}

/**
 * Stops reading an answer and closes its connection. Destroying an undici body emits an abort
 * error; with no listener that would be an uncaught exception, so it is swallowed here.
 */
function drop(body: Dispatcher.ResponseData['body']) {
  body.on('error', () => {})
  body.destroy()
}

/** Reads the body up to `max` bytes; beyond that it stops reading and drops the connection. */
async function readCapped(body: Dispatcher.ResponseData['body'], max: number) {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.byteLength
    if (size > max) {
      drop(body)
      throw new OutboundError('too_large', 'provider response too large')
    }
    chunks.push(chunk)
  }
  return chunks.length === 1
    ? (chunks[0] as Buffer).toString('utf8')
    : Buffer.concat(chunks, size).toString('utf8')
}
