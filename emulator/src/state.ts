import type { OAuthClient } from './clients'
import { ClientRegistry } from './clients'
import type { EmulatorConfig } from './config'
import type { Counters, FaultSpec, PendingFault } from './controls'
import { Controls } from './controls'
import type { CreateRoomInput, CreateUserInput, Group, Room, User } from './directory'
import { Directory } from './directory'
import { EmulatorInputError } from './input-error'
import type { TokenResponse } from './responses'
import { tokenResponse } from './responses'
import type { Scope } from './scopes'
import { ALL_SCOPES, requireScopes } from './scopes'
import { TokenStore } from './tokens'

export interface RegisterClientInput {
  scopes: readonly string[]
  groupId: number
  roomId?: number
  name?: string
}

export interface RegisteredClient {
  oauthId: string
  oauthSecret: string
}

export interface MintPersonalInput {
  userId: number
  /** Defaults to all nine scopes. */
  scopes?: readonly string[]
  label?: string
}

export interface MintRoomInput {
  roomId: number
  label?: string
}

/** A consent page shown but not yet answered; the form posts back only its id. */
export interface PendingAuthorization {
  id: string
  clientId: string
  redirectUri: string
  scopes: Scope[]
  state: string | null
  challenge: string | null
  expiresAt: number
}

export class EmulatorState {
  readonly directory = new Directory()
  readonly clients = new ClientRegistry()
  readonly tokens: TokenStore
  readonly controls: Controls
  readonly pendingAuthorizations = new Map<string, PendingAuthorization>()
  /** Aborted by close(): wakes hung and delayed requests so the server can shut down. */
  readonly shutdown = new AbortController()

  constructor(
    readonly config: EmulatorConfig,
    /** Canonical base URL (no trailing slash), used in install callbacks. */
    public baseUrl: string,
  ) {
    this.tokens = new TokenStore(config.now, config.longTtl)
    this.controls = new Controls(config.now, config.rateLimit, config.rateWindowSeconds)
    this.seed()
  }

  now(): number {
    return this.config.now()
  }

  createGroup(input: { name?: string } = {}): Group {
    return this.directory.createGroup(input)
  }

  createUser(input: CreateUserInput = {}): User {
    return this.directory.createUser(input)
  }

  createRoom(input: CreateRoomInput = {}): Room {
    return this.directory.createRoom(input)
  }

  /** An OAuth client without going through an install, for tests. */
  registerClient(input: RegisterClientInput): RegisteredClient {
    const { groupId, roomId } = this.placement(input.groupId, input.roomId)
    const client = this.clients.create({
      kind: 'registered',
      name: input.name ?? 'Registered client',
      groupId,
      roomId,
      scopes: requireScopes(input.scopes),
      createdAt: this.now(),
    })
    return { oauthId: client.id, oauthSecret: client.secret ?? '' }
  }

  mintPersonalToken(input: MintPersonalInput): TokenResponse {
    const user = this.directory.requireUser(input.userId)
    const scopes = input.scopes ? requireScopes(input.scopes) : [...ALL_SCOPES]
    if (scopes.length === 0) throw new EmulatorInputError('Pick at least one scope')
    const label = input.label?.trim() || 'Personal access token'
    const client = this.clients.create({
      kind: 'personal',
      name: label,
      groupId: user.groupId,
      roomId: null,
      scopes,
      createdAt: this.now(),
    })
    const access = this.tokens.issueAccess({
      kind: 'personal',
      clientId: client.id,
      groupId: user.groupId,
      roomId: null,
      userId: user.id,
      scopes,
      label,
      ttlSeconds: this.config.longTtl,
    })
    return tokenResponse(this, access)
  }

  mintRoomToken(input: MintRoomInput): TokenResponse {
    const room = this.directory.requireRoom(input.roomId)
    const label = input.label?.trim() || `Room notification token for ${room.name}`
    const scopes: Scope[] = ['send_notification']
    const client = this.clients.create({
      kind: 'room',
      name: label,
      groupId: room.groupId,
      roomId: room.id,
      scopes,
      createdAt: this.now(),
    })
    const access = this.tokens.issueAccess({
      kind: 'room',
      clientId: client.id,
      groupId: room.groupId,
      roomId: room.id,
      userId: null,
      scopes,
      label,
      ttlSeconds: this.config.longTtl,
    })
    return tokenResponse(this, access)
  }

  /** Deletes a client and revokes everything it was issued. */
  removeClient(id: string): OAuthClient | undefined {
    const client = this.clients.get(id)
    if (!client) return undefined
    this.clients.delete(id)
    this.tokens.revokeClient(id)
    return client
  }

  counters(): Counters {
    return this.controls.snapshot()
  }

  setFault(spec: FaultSpec): PendingFault {
    return this.controls.addFault(spec)
  }

  setLatency(ms: number): void {
    this.controls.setLatency(ms)
  }

  reset(): void {
    this.directory.clear()
    this.clients.clear()
    this.tokens.clear()
    this.controls.reset()
    this.pendingAuthorizations.clear()
    this.seed()
  }

  /** Validates a group/room pair; a room implies its group. */
  placement(groupId: number | undefined, roomId: number | undefined) {
    if (roomId === undefined)
      return { groupId: this.directory.resolveGroupId(groupId), roomId: null }
    const room = this.directory.requireRoom(roomId)
    if (groupId !== undefined && groupId !== room.groupId) {
      throw new EmulatorInputError(`Room ${roomId} is not in group ${groupId}`)
    }
    return { groupId: room.groupId, roomId: room.id }
  }

  private seed(): void {
    if (!this.config.seed) return
    const group = this.directory.createGroup({ name: 'Emulated Group' })
    this.directory.createUser({ groupId: group.id, name: 'Ada Lovelace', mentionName: 'ada' })
    this.directory.createRoom({ groupId: group.id, name: 'General' })
  }
}
