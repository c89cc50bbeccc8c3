import type { OAuthClient } from './clients'
import type { AddonDescriptor } from './descriptor'
import { loopbackUrlProblem, readDescriptor } from './descriptor'
import { EmulatorInputError } from './input-error'
import type { EmulatorState } from './state'

export interface InstallRequest {
  descriptorUrl: string
  groupId?: number
  roomId?: number
}

export interface CallbackResult {
  url: string
  status: number | null
  body: string
  error?: string
}

export interface InstallationView {
  oauthId: string
  name: string
  key: string
  groupId: number
  roomId: number | null
  scopes: string[]
  descriptorUrl: string
  callbackUrl: string
  installedAt: string
}

export type InstallOutcome =
  | { ok: true; installation: InstallationView; callback: CallbackResult }
  | { ok: false; status: number; message: string; callback?: CallbackResult }

const TIMEOUT_MS = 10_000
const MAX_REPORTED_BODY = 4096
const MAX_DESCRIPTOR = 1024 * 1024

export async function installAddon(
  state: EmulatorState,
  req: InstallRequest,
): Promise<InstallOutcome> {
  const urlProblem = loopbackUrlProblem(req.descriptorUrl)
  if (urlProblem) return { ok: false, status: 400, message: `descriptorUrl ${urlProblem}` }
  const { groupId, roomId } = state.placement(req.groupId, req.roomId)

  const fetched = await call(
    state,
    req.descriptorUrl,
    { method: 'GET', headers: { Accept: 'application/json' } },
    MAX_DESCRIPTOR,
  )
  if (!isOk(fetched)) {
    const why = fetched.error ?? `HTTP ${fetched.status}`
    const report = { ...fetched, body: fetched.body.slice(0, MAX_REPORTED_BODY) }
    return {
      ok: false,
      status: 502,
      message: `Could not fetch the descriptor: ${why}`,
      callback: report,
    }
  }
  let json: unknown
  try {
    json = JSON.parse(fetched.body)
  } catch {
    return { ok: false, status: 422, message: 'The descriptor is not valid JSON' }
  }
  const read = readDescriptor(json)
  if (!read.ok) return { ok: false, status: 422, message: read.message }
  const descriptor = read.descriptor
  if (roomId === null && !descriptor.allowGlobal) {
    return {
      ok: false,
      status: 400,
      message: 'This add-on cannot be installed globally (allowGlobal is false)',
    }
  }
  if (roomId !== null && !descriptor.allowRoom) {
    return {
      ok: false,
      status: 400,
      message: 'This add-on cannot be installed in a room (allowRoom is false)',
    }
  }

  const client = state.clients.create({
    kind: 'addon',
    name: descriptor.name,
    groupId,
    roomId,
    scopes: descriptor.scopes,
    createdAt: state.now(),
    installation: {
      key: descriptor.key,
      descriptorUrl: req.descriptorUrl,
      callbackUrl: descriptor.callbackUrl,
      installedAt: state.now(),
    },
  })
  const callback = await postInstallCallback(state, client, descriptor)
  if (!isOk(callback)) {
    state.removeClient(client.id)
    return { ok: false, status: 502, message: 'The add-on rejected the installation', callback }
  }
  return { ok: true, installation: installationView(client), callback }
}

function postInstallCallback(
  state: EmulatorState,
  client: OAuthClient,
  descriptor: AddonDescriptor,
): Promise<CallbackResult> {
  // Field order and the roomId-only-for-room-installs rule follow docs/hipchat-protocol.md §4.2.
  const body: Record<string, string | number> = {
    capabilitiesUrl: `${state.baseUrl}/v2/capabilities`,
    oauthId: client.id,
    oauthSecret: client.secret ?? '',
    groupId: client.groupId,
  }
  if (client.roomId !== null) body.roomId = client.roomId
  return call(state, descriptor.callbackUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
}

export interface UninstallOutcome {
  installation: InstallationView
  callback: CallbackResult
}

/** DELETE {callbackUrl}/{oauthId}; the client goes away whatever the add-on answers. */
export async function uninstallAddon(
  state: EmulatorState,
  oauthId: string,
): Promise<UninstallOutcome> {
  const client = state.clients.get(oauthId)
  if (!client?.installation) throw new EmulatorInputError(`No installation with oauthId ${oauthId}`)
  const url = new URL(client.installation.callbackUrl)
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${encodeURIComponent(client.id)}`
  state.removeClient(client.id)
  const callback = await call(state, url.toString(), { method: 'DELETE' })
  return { installation: installationView(client), callback }
}

export function installationView(client: OAuthClient): InstallationView {
  const inst = client.installation
  return {
    oauthId: client.id,
    name: client.name,
    key: inst?.key ?? '',
    groupId: client.groupId,
    roomId: client.roomId,
    scopes: [...client.scopes],
    descriptorUrl: inst?.descriptorUrl ?? '',
    callbackUrl: inst?.callbackUrl ?? '',
    installedAt: new Date(inst?.installedAt ?? client.createdAt).toISOString(),
  }
}

const isOk = (r: CallbackResult) => r.status !== null && r.status >= 200 && r.status <= 299

async function call(
  state: EmulatorState,
  url: string,
  init: RequestInit,
  maxBody = MAX_REPORTED_BODY,
): Promise<CallbackResult> {
  const problem = loopbackUrlProblem(url)
  if (problem) return { url, status: null, body: '', error: `URL ${problem}` }
  try {
    const res = await fetch(url, {
      ...init,
      // A redirect could lead off loopback, so it is reported rather than followed.
      redirect: 'manual',
      signal: AbortSignal.any([AbortSignal.timeout(TIMEOUT_MS), state.shutdown.signal]),
    })
    const text = await res.text()
    return { url, status: res.status, body: text.slice(0, maxBody) }
  } catch (err) {
    return { url, status: null, body: '', error: err instanceof Error ? err.message : String(err) }
  }
}
