import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createAdaptorServer } from '@hono/node-server'
import { Hono } from 'hono'
import type { RunningEmulator } from '../index'
import { s256 } from '../random'

export function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`
}

export interface Credentials {
  oauthId: string
  oauthSecret: string
}

/** POSTs to the token endpoint, form-encoded unless json is set. */
export function postToken(
  emu: RunningEmulator,
  creds: Credentials | null,
  params: Record<string, string>,
  opts: { json?: boolean } = {},
): Promise<Response> {
  const headers: Record<string, string> = {
    'Content-Type': opts.json ? 'application/json' : 'application/x-www-form-urlencoded',
  }
  if (creds) headers.Authorization = basic(creds.oauthId, creds.oauthSecret)
  const body = opts.json ? JSON.stringify(params) : new URLSearchParams(params).toString()
  return fetch(`${emu.url}/v2/oauth/token`, { method: 'POST', headers, body })
}

export function getSession(emu: RunningEmulator, token: string, bearer = token, query = '') {
  return fetch(`${emu.url}/v2/oauth/token/${token}${query}`, {
    headers: { Authorization: `Bearer ${bearer}` },
  })
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = `${'v'.repeat(20)}${Math.random().toString(36).slice(2)}${'x'.repeat(30)}`
  return { verifier, challenge: s256(verifier) }
}

/** Hidden inputs, selects' options and buttons of the consent form. */
export function readForm(html: string) {
  const hidden: Record<string, string> = {}
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    if (m[1] && m[2] !== undefined) hidden[m[1]] = m[2]
  }
  const options = [...html.matchAll(/<option value="([^"]+)"/g)].map((m) => m[1] ?? '')
  return { hidden, options }
}

export interface AuthorizeParams {
  client_id: string
  redirect_uri: string
  response_type?: string
  scope?: string
  state?: string
  code_challenge?: string
  code_challenge_method?: string
}

export function authorizeUrl(emu: RunningEmulator, params: AuthorizeParams): string {
  const q = new URLSearchParams({ response_type: 'code', ...params })
  return `${emu.url}/users/authorize?${q}`
}

/** Drives the consent page like a browser: GET the page, then POST its form. */
export async function consent(
  emu: RunningEmulator,
  params: AuthorizeParams,
  decision: 'approve' | 'deny' = 'approve',
  userId?: number,
): Promise<URL> {
  const pageRes = await fetch(authorizeUrl(emu, params), { redirect: 'manual' })
  if (pageRes.status !== 200) throw new Error(`consent page answered ${pageRes.status}`)
  const { hidden, options } = readForm(await pageRes.text())
  const form = new URLSearchParams({
    ...hidden,
    user_id: String(userId ?? options[0] ?? ''),
    decision,
  })
  const res = await fetch(`${emu.url}/users/authorize`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    redirect: 'manual',
  })
  if (res.status !== 302)
    throw new Error(`consent POST answered ${res.status}: ${await res.text()}`)
  return new URL(res.headers.get('location') ?? '')
}

/** Consent plus code exchange: a user token pair for the client. */
export async function userTokens(
  emu: RunningEmulator,
  client: Credentials,
  scope = '',
): Promise<{ access_token: string; refresh_token: string; scope: string; expires_in: number }> {
  const redirect = 'http://127.0.0.1:9/callback'
  const back = await consent(emu, { client_id: client.oauthId, redirect_uri: redirect, scope })
  const res = await postToken(emu, client, {
    grant_type: 'authorization_code',
    code: back.searchParams.get('code') ?? '',
    redirect_uri: redirect,
  })
  if (res.status !== 200) throw new Error(`exchange failed: ${res.status} ${await res.text()}`)
  return res.json() as Promise<{
    access_token: string
    refresh_token: string
    scope: string
    expires_in: number
  }>
}

export interface RecordedCall {
  method: string
  path: string
  contentType: string | null
  body: string
}

export interface FakeAddon {
  url: string
  descriptorUrl: string
  calls: RecordedCall[]
  descriptor: Record<string, unknown>
  /** Status the install callback answers with. */
  installStatus: number
  close(): Promise<void>
}

/** A tiny add-on on 127.0.0.1:0 serving a descriptor and recording install/uninstall calls. */
export async function startFakeAddon(
  installable: Record<string, unknown> = {},
  scopes: string[] = ['send_notification', 'view_room'],
): Promise<FakeAddon> {
  const app = new Hono()
  const addon = { calls: [] as RecordedCall[], installStatus: 201 } as FakeAddon
  app.get('/descriptor', (c) => c.json(addon.descriptor))
  app.all('/installable/*', async (c) => record(c.req.raw))
  app.all('/installable', async (c) => record(c.req.raw))
  async function record(req: Request) {
    addon.calls.push({
      method: req.method,
      path: new URL(req.url).pathname,
      contentType: req.headers.get('content-type'),
      body: await req.text(),
    })
    if (req.method !== 'POST') return new Response(null, { status: 204 })
    return new Response('{"installed":"yes"}', { status: addon.installStatus })
  }
  const server = createAdaptorServer({ fetch: app.fetch }) as Server
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  addon.url = `http://127.0.0.1:${port}`
  addon.descriptorUrl = `${addon.url}/descriptor`
  addon.descriptor = {
    key: 'com.example.test-addon',
    name: 'Test Add-on',
    links: { self: addon.descriptorUrl },
    capabilities: {
      hipchatApiConsumer: { scopes, fromName: 'Test' },
      installable: { callbackUrl: `${addon.url}/installable`, ...installable },
    },
  }
  addon.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  return addon
}

export async function json<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T
}
