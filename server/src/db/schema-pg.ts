import { NOTIFICATION_TYPES } from '@tokendesk/shared/schemas/notification'
import { TOKEN_KINDS } from '@tokendesk/shared/schemas/token'
import { sql } from 'drizzle-orm'
import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core'

/** Times are integer milliseconds since the epoch, written from the injected clock. */
export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ['admin', 'owner'] }).notNull(),
    /** Days before expiry at which long-lived tokens raise an alert. */
    alertDays: jsonb('alert_days').$type<number[]>().notNull().default([30, 7, 1]),
    passwordHash: text('password_hash').notNull(),
    disabled: boolean('disabled').notNull().default(false),
    /** Set when an admin chose the password: the person picks their own at next sign-in. */
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    /** Expiry and failure alerts by email too, when the server has SMTP. */
    emailAlerts: boolean('email_alerts').notNull().default(true),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('users_email_unique').on(sql`lower(${t.email})`)],
)

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the cookie secret; the secret itself is never stored. */
    idHash: text('id_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    lastSeenAt: bigint('last_seen_at', { mode: 'number' }).notNull(),
    authenticatedAt: bigint('authenticated_at', { mode: 'number' }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
)

export const loginThrottle = pgTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  windowStart: bigint('window_start', { mode: 'number' }).notNull(),
  lockedUntil: bigint('locked_until', { mode: 'number' }),
})

export const meta = pgTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
})

export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: bigint('at', { mode: 'number' }).notNull(),
    actorId: text('actor_id'),
    /** Who acted: a person (actorId is a user id), a bot key (its id), the refresher, or the system. */
    actorType: text('actor_type', { enum: ['person', 'bot_key', 'refresher', 'system'] }),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    ownerId: text('owner_id'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    /** JSON metadata; never a secret value (fingerprints only). */
    detail: text('detail'),
  },
  (t) => [
    index('audit_at_idx').on(t.at),
    index('audit_owner_idx').on(t.ownerId, t.at),
    index('audit_target_idx').on(t.targetType, t.targetId, t.at),
  ],
)

/** Sort key for tokens without an expiry: after every real date. */
export const NO_EXPIRY = 9_007_199_254_740_991

export { TOKEN_KINDS }

export const tokens = pgTable(
  'tokens',
  {
    id: text('id').primaryKey(),
    ownerId: text('owner_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind', { enum: TOKEN_KINDS }).notNull(),
    label: text('label').notNull(),
    providerUrl: text('provider_url').notNull(),
    providerId: text('provider_id'),
    installationId: text('installation_id'),
    /** How the token was obtained; decides how it may be renewed. */
    grant: text('grant', { enum: ['pasted', 'client_credentials', 'authorization_code'] })
      .notNull()
      .default('pasted'),
    scopes: jsonb('scopes').$type<string[]>().notNull(),
    groupId: text('group_id'),
    groupName: text('group_name'),
    roomId: text('room_id'),
    roomName: text('room_name'),
    providerUser: jsonb('provider_user').$type<{
      id: string
      name: string
    } | null>(),
    accessTokenEnc: text('access_token_enc'),
    refreshTokenEnc: text('refresh_token_enc'),
    expiresAt: bigint('expires_at', { mode: 'number' }),
    /** Expiry with "never/unknown" sorted last, so keyset pages walk one index in order. */
    expirySort: bigint('expiry_sort', { mode: 'number' }).generatedAlwaysAs(
      sql`coalesce(expires_at, 9007199254740991)`,
    ),
    refreshExpiresAt: bigint('refresh_expires_at', { mode: 'number' }),
    status: text('status', { enum: ['active', 'needs_reauth', 'revoked'] })
      .notNull()
      .default('active'),
    verified: boolean('verified').notNull().default(false),
    /** What the provider reported, kept when the owner sets the expiry by hand. */
    providerExpiresAt: bigint('provider_expires_at', { mode: 'number' }),
    expiryManual: boolean('expiry_manual').notNull().default(false),
    fingerprint: text('fingerprint').notNull(),
    generation: integer('generation').notNull().default(0),
    leaseOwner: text('lease_owner'),
    leaseUntil: bigint('lease_until', { mode: 'number' }),
    lastError: text('last_error'),
    failCount: integer('fail_count').notNull().default(0),
    nextAttemptAt: bigint('next_attempt_at', { mode: 'number' }),
    /** Start of the current run of failed refreshes; automatic attempts stop after a while. */
    failingSince: bigint('failing_since', { mode: 'number' }),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
    lastRefreshedAt: bigint('last_refreshed_at', { mode: 'number' }),
    lastUsedAt: bigint('last_used_at', { mode: 'number' }),
  },
  (t) => [
    uniqueIndex('tokens_owner_fingerprint_unique').on(t.ownerId, t.fingerprint),
    index('tokens_owner_expiry_idx').on(t.ownerId, t.expirySort, t.id),
    index('tokens_owner_label_idx').on(t.ownerId, t.label, t.id),
    index('tokens_owner_created_idx').on(t.ownerId, t.createdAt, t.id),
    index('tokens_expiry_idx').on(t.expirySort, t.id),
    index('tokens_installation_idx').on(t.installationId),
  ],
)

export const tokenShares = pgTable(
  'token_shares',
  {
    tokenId: text('token_id')
      .notNull()
      .references(() => tokens.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    access: text('access', { enum: ['view', 'use'] }).notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tokenId, t.userId] }),
    index('token_shares_user_idx').on(t.userId),
  ],
)

export const addons = pgTable(
  'addons',
  {
    id: text('id').primaryKey(),
    ownerId: text('owner_id')
      .notNull()
      .references(() => users.id),
    key: text('key').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    scopes: jsonb('scopes').$type<string[]>().notNull(),
    allowGlobal: boolean('allow_global').notNull(),
    allowRoom: boolean('allow_room').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('addons_key_unique').on(t.key), index('addons_owner_idx').on(t.ownerId)],
)

export const installations = pgTable(
  'installations',
  {
    id: text('id').primaryKey(),
    ownerId: text('owner_id')
      .notNull()
      .references(() => users.id),
    addonId: text('addon_id').references(() => addons.id),
    oauthId: text('oauth_id').notNull(),
    /** Null once uninstalled: the secret is wiped, the row stays for history. */
    oauthSecretEnc: text('oauth_secret_enc'),
    capabilitiesUrl: text('capabilities_url').notNull(),
    tokenUrl: text('token_url').notNull(),
    authorizationUrl: text('authorization_url'),
    apiUrl: text('api_url').notNull(),
    scopes: jsonb('scopes').$type<string[]>().notNull(),
    groupId: text('group_id'),
    groupName: text('group_name'),
    roomId: text('room_id'),
    status: text('status', { enum: ['active', 'removed', 'broken'] }).notNull(),
    source: text('source', { enum: ['callback', 'manual'] }).notNull(),
    lastError: text('last_error'),
    installedAt: bigint('installed_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [
    uniqueIndex('installations_oauth_id_unique').on(t.oauthId),
    index('installations_owner_idx').on(t.ownerId),
  ],
)

export const providers = pgTable(
  'providers',
  {
    id: text('id').primaryKey(),
    ownerId: text('owner_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    tokenUrl: text('token_url').notNull(),
    authorizationUrl: text('authorization_url'),
    revocationUrl: text('revocation_url'),
    introspectionUrl: text('introspection_url'),
    clientId: text('client_id').notNull(),
    clientSecretEnc: text('client_secret_enc').notNull(),
    clientAuth: text('client_auth', {
      enum: ['client_secret_basic', 'client_secret_post'],
    }).notNull(),
    scopes: jsonb('scopes').$type<string[]>().notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('providers_owner_idx').on(t.ownerId)],
)

/** One row per started authorization: single-use, bound to the browser session, 10-minute life. */
export const oauthStates = pgTable('oauth_states', {
  stateHash: text('state_hash').primaryKey(),
  sessionHash: text('session_hash').notNull(),
  ownerId: text('owner_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  installationId: text('installation_id'),
  providerId: text('provider_id'),
  /** Set when the flow reconnects an existing token: the callback renews that row. */
  tokenId: text('token_id'),
  codeVerifierEnc: text('code_verifier_enc').notNull(),
  scopes: jsonb('scopes').$type<string[]>().notNull(),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
  usedAt: bigint('used_at', { mode: 'number' }),
})

export const botKeys = pgTable(
  'bot_keys',
  {
    id: text('id').primaryKey(),
    ownerId: text('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** SHA-256 of the key; the key itself is shown once and never stored. */
    keyHash: text('key_hash').notNull(),
    keyPrefix: text('key_prefix').notNull(),
    expiresAt: bigint('expires_at', { mode: 'number' }),
    revokedAt: bigint('revoked_at', { mode: 'number' }),
    lastUsedAt: bigint('last_used_at', { mode: 'number' }),
    lastUsedIp: text('last_used_ip'),
    /** The key this one replaced by rotation (that key expires after the chosen grace). */
    rotatedFrom: text('rotated_from'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [
    uniqueIndex('bot_keys_hash_unique').on(t.keyHash),
    index('bot_keys_owner_idx').on(t.ownerId),
  ],
)

export const botKeyTokens = pgTable(
  'bot_key_tokens',
  {
    keyId: text('key_id')
      .notNull()
      .references(() => botKeys.id, { onDelete: 'cascade' }),
    tokenId: text('token_id')
      .notNull()
      .references(() => tokens.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.keyId, t.tokenId] }),
    index('bot_key_tokens_token_idx').on(t.tokenId),
  ],
)

export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ownerId: text('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenId: text('token_id'),
    type: text('type', { enum: NOTIFICATION_TYPES }).notNull(),
    /** One notification per transition: the key names the token, the event and its occasion. */
    dedupeKey: text('dedupe_key').notNull(),
    title: text('title').notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    readAt: bigint('read_at', { mode: 'number' }),
  },
  (t) => [
    uniqueIndex('notifications_dedupe_unique').on(t.dedupeKey),
    index('notifications_owner_idx').on(t.ownerId, t.id),
  ],
)

export const webhooks = pgTable(
  'webhooks',
  {
    id: text('id').primaryKey(),
    ownerId: text('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    secretEnc: text('secret_enc').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('webhooks_owner_idx').on(t.ownerId)],
)

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    webhookId: text('webhook_id')
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    notificationId: bigint('notification_id', { mode: 'number' })
      .notNull()
      .references(() => notifications.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: bigint('next_attempt_at', { mode: 'number' }),
    leaseUntil: bigint('lease_until', { mode: 'number' }),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    deliveredAt: bigint('delivered_at', { mode: 'number' }),
  },
  (t) => [
    index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt),
    index('webhook_deliveries_webhook_idx').on(t.webhookId, t.id),
  ],
)

/**
 * Provider revocations that failed for a retryable reason (RFC 7009 503, timeouts): retried with
 * backoff until the provider confirms or the give-up period passes. The token value stays sealed
 * here (bound to this row) after the token's own ciphertexts are wiped.
 */
export const revocationOutbox = pgTable(
  'revocation_outbox',
  {
    id: text('id').primaryKey(),
    tokenId: text('token_id').notNull(),
    ownerId: text('owner_id').notNull(),
    installationId: text('installation_id'),
    providerId: text('provider_id'),
    /** The API base, for HipChat-style session revocation. */
    providerUrl: text('provider_url').notNull(),
    /** Sealed with AAD bound to this outbox row. */
    valueEnc: text('value_enc').notNull(),
    tokenTypeHint: text('token_type_hint', { enum: ['access_token', 'refresh_token'] }).notNull(),
    status: text('status', { enum: ['pending', 'done', 'given_up'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: bigint('next_attempt_at', { mode: 'number' }).notNull(),
    leaseUntil: bigint('lease_until', { mode: 'number' }),
    lastError: text('last_error'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    finishedAt: bigint('finished_at', { mode: 'number' }),
  },
  (t) => [
    index('revocation_outbox_due_idx').on(t.status, t.nextAttemptAt),
    index('revocation_outbox_token_idx').on(t.tokenId),
  ],
)

/** One circuit per provider origin, shared by every process on the database. */
export const providerCircuits = pgTable('provider_circuits', {
  origin: text('origin').primaryKey(),
  state: text('state', { enum: ['closed', 'open', 'half_open'] }).notNull(),
  failures: integer('failures').notNull().default(0),
  openedAt: bigint('opened_at', { mode: 'number' }),
  openUntil: bigint('open_until', { mode: 'number' }),
  /** While half-open, the one probe's lease: nobody else calls the provider until it ends. */
  probeUntil: bigint('probe_until', { mode: 'number' }),
  lastError: text('last_error'),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
})

/** A bot key's rate-limit bucket, shared by every replica on the database. */
export const botRateBuckets = pgTable('bot_rate_buckets', {
  keyId: text('key_id').primaryKey(),
  tokens: doublePrecision('tokens').notNull(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
})

/** Refused bot calls per key (401 on a known key, 404, 429), without the presented key; capped per minute. */
export const botKeyFailures = pgTable(
  'bot_key_failures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    keyId: text('key_id')
      .notNull()
      .references(() => botKeys.id, { onDelete: 'cascade' }),
    at: bigint('at', { mode: 'number' }).notNull(),
    status: integer('status').notNull(),
    code: text('code').notNull(),
    tokenId: text('token_id'),
    ip: text('ip'),
  },
  (t) => [index('bot_key_failures_key_idx').on(t.keyId, t.at)],
)

/** One-time invite links: the person sets their own password. Only the link's hash is stored. */
export const invites = pgTable(
  'invites',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ['admin', 'owner'] }).notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
    usedAt: bigint('used_at', { mode: 'number' }),
  },
  (t) => [uniqueIndex('invites_token_hash_unique').on(t.tokenHash)],
)

/** Alert emails, queued in the transaction that creates the notification; leased per delivery. */
export const emailDeliveries = pgTable(
  'email_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    notificationId: bigint('notification_id', { mode: 'number' })
      .notNull()
      .references(() => notifications.id, { onDelete: 'cascade' }),
    to: text('to').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: bigint('next_attempt_at', { mode: 'number' }),
    leaseUntil: bigint('lease_until', { mode: 'number' }),
    lastError: text('last_error'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    deliveredAt: bigint('delivered_at', { mode: 'number' }),
  },
  (t) => [index('email_deliveries_due_idx').on(t.status, t.nextAttemptAt)],
)
