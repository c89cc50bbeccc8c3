import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { EmulatorState } from './state'
import type { AccessToken, RefreshToken } from './tokens'

export interface TokenResponse {
  access_token: string
  expires_in: number
  group_id: number
  group_name: string
  scope: string
  token_type: 'bearer'
  refresh_token?: string
}

export interface SessionDocument {
  access_token: string
  expires_in: number
  scopes: string[]
  owner_type: 'client' | 'user'
  owner?: { id: number; name: string; mention_name: string }
  client: {
    id: string
    name: string
    room: { id: number; name: string } | null
    allowed_scopes: string[]
  }
}

export function remainingSeconds(state: EmulatorState, expiresAt: number): number {
  return Math.max(0, Math.ceil((expiresAt - state.now()) / 1000))
}

export function tokenResponse(
  state: EmulatorState,
  access: AccessToken,
  refresh?: RefreshToken,
): TokenResponse {
  const group = state.directory.groups.get(access.groupId)
  const body: TokenResponse = {
    access_token: access.token,
    expires_in: remainingSeconds(state, access.expiresAt),
    group_id: access.groupId,
    group_name: group?.name ?? '',
    scope: access.scopes.join(' '),
    token_type: 'bearer',
  }
  if (refresh) body.refresh_token = refresh.token
  return body
}

export function sessionDocument(state: EmulatorState, access: AccessToken): SessionDocument {
  const client = state.clients.get(access.clientId)
  const room = access.roomId === null ? undefined : state.directory.rooms.get(access.roomId)
  const doc: SessionDocument = {
    access_token: access.token,
    expires_in: remainingSeconds(state, access.expiresAt),
    scopes: [...access.scopes],
    owner_type: access.userId === null ? 'client' : 'user',
    client: {
      id: access.clientId,
      name: client?.name ?? '',
      room: room ? { id: room.id, name: room.name } : null,
      allowed_scopes: [...(client?.scopes ?? access.scopes)],
    },
  }
  const user = access.userId === null ? undefined : state.directory.users.get(access.userId)
  if (user) doc.owner = { id: user.id, name: user.name, mention_name: user.mentionName }
  return doc
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  421: 'Misdirected Request',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
}

export function reason(status: number): string {
  return REASONS[status] ?? 'Error'
}

/** HipChat's v2 error envelope. */
export function envelope(status: number, message: string, type = reason(status)) {
  return { error: { code: status, message, type } }
}

export function errorJson(c: Context, status: number, message: string, type?: string): Response {
  return c.json(envelope(status, message, type), status as ContentfulStatusCode)
}

/** OAuth errors a standard client must recognise by `error.type` as well as by message prefix. */
export function invalidGrant(c: Context, detail: string): Response {
  return errorJson(c, 400, `invalid_grant: ${detail}`, 'invalid_grant')
}
