import { newToken, randomAlnum } from './random'
import type { Scope } from './scopes'

export type TokenKind = 'addon' | 'user' | 'personal' | 'room'

export interface AccessToken {
  token: string
  kind: TokenKind
  clientId: string
  groupId: number
  roomId: number | null
  userId: number | null
  scopes: Scope[]
  label: string | null
  issuedAt: number
  expiresAt: number
  revoked: boolean
  familyId: string | null
}

export type RefreshStatus = 'active' | 'rotated' | 'revoked'

export interface RefreshToken {
  token: string
  familyId: string
  expiresAt: number
  status: RefreshStatus
  rotatedAt: number | null
  successor: { access: string; refresh: string } | null
  graceUsed: boolean
}

/** Everything issued from one authorization: revoked together on reuse detection. */
export interface Family {
  id: string
  clientId: string
  userId: number
  groupId: number
  roomId: number | null
  scopes: Scope[]
  revoked: boolean
  accessTokens: string[]
  refreshTokens: string[]
}

export interface AuthCode {
  code: string
  clientId: string
  userId: number
  redirectUri: string
  scopes: Scope[]
  challenge: string | null
  expiresAt: number
  used: boolean
  familyId: string | null
}

export interface IssueAccess {
  kind: TokenKind
  clientId: string
  groupId: number
  roomId: number | null
  userId: number | null
  scopes: Scope[]
  ttlSeconds: number
  label?: string | null
  familyId?: string | null
}

export interface UserGrant {
  access: AccessToken
  refresh: RefreshToken
}

export class TokenStore {
  readonly access = new Map<string, AccessToken>()
  readonly refresh = new Map<string, RefreshToken>()
  readonly families = new Map<string, Family>()
  readonly codes = new Map<string, AuthCode>()

  constructor(
    private readonly now: () => number,
    private readonly refreshTtlSeconds: number,
  ) {}

  clear(): void {
    this.access.clear()
    this.refresh.clear()
    this.families.clear()
    this.codes.clear()
  }

  issueAccess(input: IssueAccess): AccessToken {
    const now = this.now()
    const record: AccessToken = {
      token: newToken(),
      kind: input.kind,
      clientId: input.clientId,
      groupId: input.groupId,
      roomId: input.roomId,
      userId: input.userId,
      scopes: [...input.scopes],
      label: input.label ?? null,
      issuedAt: now,
      expiresAt: now + input.ttlSeconds * 1000,
      revoked: false,
      familyId: input.familyId ?? null,
    }
    this.access.set(record.token, record)
    if (record.familyId) this.families.get(record.familyId)?.accessTokens.push(record.token)
    return record
  }

  /** Active means known, not revoked and not expired. */
  findActiveAccess(token: string): AccessToken | undefined {
    const record = this.access.get(token)
    if (!record || record.revoked || this.now() >= record.expiresAt) return undefined
    return record
  }

  revokeAccess(token: string): boolean {
    const record = this.access.get(token)
    if (!record || record.revoked) return false
    record.revoked = true
    return true
  }

  startFamily(
    input: Omit<Family, 'id' | 'revoked' | 'accessTokens' | 'refreshTokens'>,
    userTtlSeconds: number,
  ): UserGrant {
    const family: Family = {
      ...input,
      id: randomAlnum(16),
      scopes: [...input.scopes],
      revoked: false,
      accessTokens: [],
      refreshTokens: [],
    }
    this.families.set(family.id, family)
    return this.issueInFamily(family, family.scopes, userTtlSeconds)
  }

  issueInFamily(family: Family, scopes: Scope[], userTtlSeconds: number): UserGrant {
    const access = this.issueAccess({
      kind: 'user',
      clientId: family.clientId,
      groupId: family.groupId,
      roomId: family.roomId,
      userId: family.userId,
      scopes,
      ttlSeconds: userTtlSeconds,
      familyId: family.id,
    })
    const refresh: RefreshToken = {
      token: newToken(),
      familyId: family.id,
      expiresAt: this.now() + this.refreshTtlSeconds * 1000,
      status: 'active',
      rotatedAt: null,
      successor: null,
      graceUsed: false,
    }
    this.refresh.set(refresh.token, refresh)
    family.refreshTokens.push(refresh.token)
    return { access, refresh }
  }

  revokeFamily(familyId: string): void {
    const family = this.families.get(familyId)
    if (!family) return
    family.revoked = true
    for (const t of family.accessTokens) this.revokeAccess(t)
    for (const t of family.refreshTokens) {
      const rt = this.refresh.get(t)
      if (rt) rt.status = 'revoked'
    }
  }

  revokeClient(clientId: string): void {
    for (const record of this.access.values()) {
      if (record.clientId === clientId) record.revoked = true
    }
    for (const family of this.families.values()) {
      if (family.clientId === clientId) this.revokeFamily(family.id)
    }
    for (const [code, record] of this.codes) {
      if (record.clientId === clientId) this.codes.delete(code)
    }
  }

  createCode(
    input: Omit<AuthCode, 'code' | 'used' | 'familyId' | 'expiresAt'>,
    ttl: number,
  ): AuthCode {
    const now = this.now()
    for (const [key, old] of this.codes) if (now >= old.expiresAt) this.codes.delete(key)
    const code: AuthCode = {
      ...input,
      code: randomAlnum(32),
      used: false,
      familyId: null,
      expiresAt: now + ttl * 1000,
    }
    this.codes.set(code.code, code)
    return code
  }
}
