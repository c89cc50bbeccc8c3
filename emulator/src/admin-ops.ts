import { z } from 'zod'
import type { OAuthClient } from './clients'
import { EmulatorInputError } from './input-error'
import type { InstallOutcome, UninstallOutcome } from './installer'
import { installAddon, installationView, uninstallAddon } from './installer'
import type { EmulatorState } from './state'
import type { AccessToken } from './tokens'

// Forms send '' for untouched optional fields and strings for numbers; JSON sends numbers.
const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v)
const optionalId = z.preprocess(blankToUndefined, z.coerce.number().int().positive().optional())
const requiredId = z.preprocess(blankToUndefined, z.coerce.number().int().positive())
const optionalText = z.preprocess(blankToUndefined, z.string().max(200).optional())
const scopeList = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(/[\s,]+/).filter(Boolean) : v),
  z.array(z.string()),
)

const schemas = {
  group: z.object({ name: optionalText }),
  user: z.object({
    groupId: optionalId,
    name: optionalText,
    mentionName: optionalText,
    email: optionalText,
  }),
  room: z.object({ groupId: optionalId, name: optionalText }),
  client: z.object({
    groupId: optionalId,
    roomId: optionalId,
    scopes: scopeList,
    name: optionalText,
  }),
  install: z.object({ descriptorUrl: z.string().min(1), groupId: optionalId, roomId: optionalId }),
  personal: z.object({ userId: requiredId, scopes: scopeList.optional(), label: optionalText }),
  room_token: z.object({ roomId: requiredId, label: optionalText }),
  fault: z.object({
    mode: z.string(),
    count: optionalId,
    retryAfter: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).optional()),
    status: optionalId,
  }),
  latency: z.object({ ms: z.preprocess(blankToUndefined, z.coerce.number().min(0)) }),
}

function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input)
  if (!result.success) throw new EmulatorInputError(z.prettifyError(result.error))
  return result.data
}

/** Operations shared by the JSON API and the HTML admin page; they throw EmulatorInputError. */
export function adminOps(state: EmulatorState) {
  return {
    createGroup: (input: unknown) => state.createGroup(parse(schemas.group, input)),
    createUser: (input: unknown) => state.createUser(parse(schemas.user, input)),
    createRoom: (input: unknown) => state.createRoom(parse(schemas.room, input)),
    registerClient(input: unknown) {
      const { groupId, roomId, scopes, name } = parse(schemas.client, input)
      const placed = state.placement(groupId, roomId)
      return state.registerClient({
        scopes: scopes,
        groupId: placed.groupId,
        ...(placed.roomId === null ? {} : { roomId: placed.roomId }),
        ...(name === undefined ? {} : { name }),
      })
    },
    install: (input: unknown): Promise<InstallOutcome> =>
      installAddon(state, parse(schemas.install, input)),
    uninstall: (oauthId: string): Promise<UninstallOutcome> => uninstallAddon(state, oauthId),
    mintPersonalToken(input: unknown) {
      const { userId, scopes, label } = parse(schemas.personal, input)
      return state.mintPersonalToken({
        userId,
        ...(scopes === undefined ? {} : { scopes: scopes }),
        ...(label === undefined ? {} : { label }),
      })
    },
    mintRoomToken(input: unknown) {
      const { roomId, label } = parse(schemas.room_token, input)
      return state.mintRoomToken({ roomId, ...(label === undefined ? {} : { label }) })
    },
    setFault(input: unknown) {
      const { mode, count, retryAfter, status } = parse(schemas.fault, input)
      return state.setFault({
        mode: mode as Parameters<EmulatorState['setFault']>[0]['mode'],
        ...(count === undefined ? {} : { count }),
        ...(retryAfter === undefined ? {} : { retryAfter }),
        ...(status === undefined ? {} : { status }),
      })
    },
    setLatency(input: unknown) {
      const { ms } = parse(schemas.latency, input)
      state.setLatency(ms)
      return { ms }
    },
    snapshot: () => snapshot(state),
  }
}

export function clientView(client: OAuthClient) {
  return {
    oauthId: client.id,
    kind: client.kind,
    name: client.name,
    groupId: client.groupId,
    roomId: client.roomId,
    scopes: [...client.scopes],
    installation: client.installation ? installationView(client) : null,
  }
}

/** Token values are masked: the full value is shown only once, when minted or issued. */
export function tokenView(state: EmulatorState, t: AccessToken) {
  return {
    token: `${t.token.slice(0, 6)}…`,
    kind: t.kind,
    clientId: t.clientId,
    userId: t.userId,
    groupId: t.groupId,
    roomId: t.roomId,
    scopes: [...t.scopes],
    label: t.label,
    expiresAt: new Date(t.expiresAt).toISOString(),
    active: !t.revoked && state.now() < t.expiresAt,
  }
}

export function snapshot(state: EmulatorState) {
  const d = state.directory
  return {
    baseUrl: state.baseUrl,
    groups: [...d.groups.values()],
    users: [...d.users.values()],
    rooms: [...d.rooms.values()],
    clients: state.clients.list().map(clientView),
    installations: state.clients
      .list()
      .filter((c) => c.installation)
      .map(installationView),
    tokens: [...state.tokens.access.values()].map((t) => tokenView(state, t)),
    counters: state.counters(),
    faults: state.controls.pendingFaults(),
    latencyMs: state.controls.latencyMs,
  }
}
