import type { Context } from 'hono'

const FIELDS = [
  'grant_type',
  'scope',
  'code',
  'redirect_uri',
  'redirect_url',
  'refresh_token',
  'code_verifier',
] as const

export type TokenParams = Partial<Record<(typeof FIELDS)[number], string>>

export type ParamsResult = { ok: true; params: TokenParams } | { ok: false; message: string }

const cache = new WeakMap<Request, Promise<ParamsResult>>()

/**
 * Form-urlencoded or JSON body, sniffed when the content type is missing.
 * grant_type and scope may also come from the query string (scala-hipchat sends them there);
 * codes, verifiers and refresh tokens never do, so they stay out of URLs and logs.
 */
export function readTokenParams(c: Context): Promise<ParamsResult> {
  let result = cache.get(c.req.raw)
  if (!result) {
    result = parse(c)
    cache.set(c.req.raw, result)
  }
  return result
}

async function parse(c: Context): Promise<ParamsResult> {
  const text = await c.req.text()
  const type = c.req.header('content-type')?.toLowerCase() ?? ''
  const body: ParamsResult = text.trim() === '' ? { ok: true, params: {} } : parseBody(text, type)
  if (!body.ok) return body
  const params: TokenParams = { ...body.params }
  for (const key of ['grant_type', 'scope'] as const) {
    const fromQuery = c.req.query(key)
    if (params[key] === undefined && fromQuery !== undefined) params[key] = fromQuery
  }
  return { ok: true, params }
}

function parseBody(text: string, type: string): ParamsResult {
  const isJson =
    type.includes('json') || (!type.includes('form') && text.trimStart().startsWith('{'))
  return isJson ? parseJson(text) : parseForm(text)
}

function parseJson(text: string): ParamsResult {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { ok: false, message: 'invalid_request: the JSON body could not be parsed' }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'invalid_request: the JSON body must be an object' }
  }
  const record = value as Record<string, unknown>
  const params: TokenParams = {}
  for (const key of FIELDS) {
    const v = record[key]
    if (typeof v === 'string') params[key] = v
    else if (typeof v === 'number') params[key] = String(v)
    else if (key === 'scope' && Array.isArray(v) && v.every((s) => typeof s === 'string')) {
      params[key] = v.join(' ')
    }
  }
  return { ok: true, params }
}

function parseForm(text: string): ParamsResult {
  const search = new URLSearchParams(text)
  const params: TokenParams = {}
  for (const key of FIELDS) {
    const values = search.getAll(key)
    if (values.length > 1) {
      return { ok: false, message: `invalid_request: parameter ${key} was sent more than once` }
    }
    if (values[0] !== undefined) params[key] = values[0]
  }
  return { ok: true, params }
}
