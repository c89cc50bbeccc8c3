import { DATABASE_DIALECT } from '../env'
import * as pg from './schema-pg'
import * as sqlite from './schema-sqlite'

/**
 * The tables of the database this process runs on. Services are written once against these; the
 * dialect is a deployment choice made before anything is imported (`TOKENDESK_DATABASE_URL` set
 * means PostgreSQL). They are typed as PostgreSQL's, whose query builders are all promises, so
 * the compiler refuses SQLite's synchronous `.get()`/`.all()`/`.run()` in shared code.
 * `schema-dialects.test.ts` keeps the two files in step column by column.
 */
export const DIALECT = DATABASE_DIALECT

const active = (DIALECT === 'pg' ? pg : sqlite) as unknown as typeof pg

export const NO_EXPIRY = pg.NO_EXPIRY
export const TOKEN_KINDS = pg.TOKEN_KINDS
export const users = active.users
export const sessions = active.sessions
export const loginThrottle = active.loginThrottle
export const meta = active.meta
export const auditEvents = active.auditEvents
export const tokens = active.tokens
export const tokenShares = active.tokenShares
export const addons = active.addons
export const installations = active.installations
export const providers = active.providers
export const oauthStates = active.oauthStates
export const botKeys = active.botKeys
export const botKeyTokens = active.botKeyTokens
export const notifications = active.notifications
export const webhooks = active.webhooks
export const webhookDeliveries = active.webhookDeliveries
export const revocationOutbox = active.revocationOutbox
export const providerCircuits = active.providerCircuits
export const botRateBuckets = active.botRateBuckets
export const botKeyFailures = active.botKeyFailures
export const invites = active.invites
export const emailDeliveries = active.emailDeliveries
