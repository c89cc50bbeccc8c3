import { newOauthId, newSecret } from './random'
import type { Scope } from './scopes'

/**
 * addon: created by an install; registered: created by a test helper or the admin API;
 * personal/room: holders for hand-minted tokens, with no secret so they can never call the token endpoint.
 */
export type ClientKind = 'addon' | 'registered' | 'personal' | 'room'

export interface Installation {
  key: string
  descriptorUrl: string
  callbackUrl: string
  installedAt: number
}

export interface OAuthClient {
  id: string
  secret: string | null
  kind: ClientKind
  name: string
  groupId: number
  roomId: number | null
  scopes: Scope[]
  installation: Installation | null
  createdAt: number
}

export interface NewClient {
  kind: ClientKind
  name: string
  groupId: number
  roomId: number | null
  scopes: Scope[]
  installation?: Installation | null
  createdAt: number
}

export class ClientRegistry {
  private readonly byId = new Map<string, OAuthClient>()

  create(input: NewClient): OAuthClient {
    const withSecret = input.kind === 'addon' || input.kind === 'registered'
    const client: OAuthClient = {
      id: newOauthId(),
      secret: withSecret ? newSecret() : null,
      kind: input.kind,
      name: input.name,
      groupId: input.groupId,
      roomId: input.roomId,
      scopes: [...input.scopes],
      installation: input.installation ?? null,
      createdAt: input.createdAt,
    }
    this.byId.set(client.id, client)
    return client
  }

  get(id: string): OAuthClient | undefined {
    return this.byId.get(id)
  }

  delete(id: string): boolean {
    return this.byId.delete(id)
  }

  list(): OAuthClient[] {
    return [...this.byId.values()]
  }

  clear(): void {
    this.byId.clear()
  }
}
