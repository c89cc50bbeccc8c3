import { z } from 'zod'

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback)

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  TOKENDESK_DATA_DIR: z.string().min(1).default('./data'),
  TOKENDESK_MASTER_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
    .optional(),
  TOKENDESK_OLD_KEYS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    )
    .refine((keys) => keys.every((k) => Buffer.from(k, 'base64').length === 32), {
      message: 'every key must be 32 bytes, base64-encoded',
    }),
  TOKENDESK_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  TOKENDESK_TRUSTED_PROVIDERS: z.string().default('https://*.hipchat.com'),
  TOKENDESK_BOOTSTRAP_ADMIN_EMAIL: z.email().optional(),
  TOKENDESK_BOOTSTRAP_ADMIN_PASSWORD: z.string().min(10).max(256).optional(),
  TOKENDESK_SESSION_IDLE_MINUTES: positiveInt(30),
  TOKENDESK_SESSION_ABSOLUTE_HOURS: positiveInt(12),
  TOKENDESK_WEB_DIST: z.string().optional(),
  TOKENDESK_EXPIRING_DAYS: positiveInt(14),
  TOKENDESK_WEBHOOK_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    ),
  TOKENDESK_LEASE_SECONDS: positiveInt(60),
  TOKENDESK_REFRESH_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(15),
  TOKENDESK_REFRESH_CONCURRENCY: positiveInt(4),
  TOKENDESK_REFRESH_GIVE_UP_DAYS: positiveInt(3),
  TOKENDESK_BOT_RATE_PER_MINUTE: positiveInt(600),
  TOKENDESK_BOT_BURST: positiveInt(60),
  TOKENDESK_EXPIRING_SHORT_MINUTES: positiveInt(10),
  TOKENDESK_TEST_FAULTS: z.enum(['0', '1']).default('0'),
  TOKENDESK_FAULT_AT: z.enum(['after_claim', 'after_provider', 'after_write']).optional(),
  TOKENDESK_TRUST_PROXY: z.enum(['0', '1']).default('0'),
  TOKENDESK_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  TOKENDESK_DATABASE_POOL_SIZE: positiveInt(10),
  TOKENDESK_METRICS_TOKEN: z.string().min(16).optional(),
  TOKENDESK_SHUTDOWN_SECONDS: positiveInt(25),
  TOKENDESK_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^/]/, 'must be an smtp:// or smtps:// URL')
    .optional(),
  TOKENDESK_SMTP_FROM: z.string().min(3).max(320).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
})

export type Config = {
  env: 'development' | 'production' | 'test'
  port: number
  host: string
  dataDir: string
  /** Set: PostgreSQL at this URL; unset: SQLite in `dataDir`. */
  databaseUrl: string | undefined
  databasePoolSize: number
  /** Bearer token that `/metrics` requires; unset, `/metrics` answers 404. */
  metricsToken: string | undefined
  shutdownMs: number
  masterKey: string | undefined
  oldKeys: string[]
  publicUrl: string
  publicOrigin: string
  secureCookies: boolean
  trustedProviders: string[]
  bootstrapAdmin: { email: string; password: string } | undefined
  sessionIdleMs: number
  sessionAbsoluteMs: number
  webDist: string | undefined
  expiryWindows: { longLivedMs: number; shortLivedMs: number }
  botRate: { perMinute: number; burst: number }
  leaseMs: number
  /** 0 turns the background refresher off (tests that drive refreshes themselves). */
  refreshIntervalMs: number
  refreshConcurrency: number
  /** Automatic refreshes stop after a token has failed this long; manual ones still work. */
  refreshGiveUpMs: number
  webhookOrigins: string[]
  /** Alerts by email: set with TOKENDESK_SMTP_URL, off when it is unset. The URL may hold a password. */
  smtp: { url: string; from: string } | undefined
  testFaults: boolean
  trustProxy: boolean
  faultAt: 'after_claim' | 'after_provider' | 'after_write' | undefined
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL']
}

export class ConfigError extends Error {}

/**
 * The database dialect, fixed for the process before any table is imported (`db/schema.ts` picks
 * its tables from it): `TOKENDESK_DATABASE_URL` set means PostgreSQL.
 */
export const DATABASE_DIALECT: 'pg' | 'sqlite' = process.env.TOKENDESK_DATABASE_URL
  ? 'pg'
  : 'sqlite'

/** The only reader of process.env: parses it once and fails with the variable's name. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(source)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const e = parsed.data
  if (!!e.TOKENDESK_BOOTSTRAP_ADMIN_EMAIL !== !!e.TOKENDESK_BOOTSTRAP_ADMIN_PASSWORD) {
    throw new ConfigError(
      'Invalid configuration:\n  TOKENDESK_BOOTSTRAP_ADMIN_EMAIL and TOKENDESK_BOOTSTRAP_ADMIN_PASSWORD must be set together',
    )
  }
  if (e.TOKENDESK_DATABASE_URL && !e.TOKENDESK_MASTER_KEY) {
    throw new ConfigError(
      'Invalid configuration:\n  TOKENDESK_MASTER_KEY is required with TOKENDESK_DATABASE_URL: every replica must use the same key, and a key file in the data dir would differ per machine',
    )
  }
  if (e.TOKENDESK_SMTP_URL && !e.TOKENDESK_SMTP_FROM) {
    throw new ConfigError(
      'Invalid configuration:\n  TOKENDESK_SMTP_FROM is required with TOKENDESK_SMTP_URL: the address alert emails come from',
    )
  }
  const publicUrl = (e.TOKENDESK_PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/+$/, '')
  const trustedProviders = e.TOKENDESK_TRUSTED_PROVIDERS.split(',')
    .map((p) => p.trim())
    .filter(Boolean)
  for (const p of trustedProviders) {
    if (!/^https?:\/\/[A-Za-z0-9*.-]+(:\d+)?$/.test(p)) {
      throw new ConfigError(
        `Invalid configuration:\n  TOKENDESK_TRUSTED_PROVIDERS: "${p}" is not an origin like https://*.example.com`,
      )
    }
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: e.TOKENDESK_DATA_DIR,
    databaseUrl: e.TOKENDESK_DATABASE_URL,
    databasePoolSize: e.TOKENDESK_DATABASE_POOL_SIZE,
    metricsToken: e.TOKENDESK_METRICS_TOKEN,
    shutdownMs: e.TOKENDESK_SHUTDOWN_SECONDS * 1000,
    masterKey: e.TOKENDESK_MASTER_KEY,
    oldKeys: e.TOKENDESK_OLD_KEYS,
    publicUrl,
    publicOrigin: new URL(publicUrl).origin,
    secureCookies: publicUrl.startsWith('https://'),
    trustedProviders,
    bootstrapAdmin:
      e.TOKENDESK_BOOTSTRAP_ADMIN_EMAIL && e.TOKENDESK_BOOTSTRAP_ADMIN_PASSWORD
        ? {
            email: e.TOKENDESK_BOOTSTRAP_ADMIN_EMAIL.toLowerCase(),
            password: e.TOKENDESK_BOOTSTRAP_ADMIN_PASSWORD,
          }
        : undefined,
    sessionIdleMs: e.TOKENDESK_SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.TOKENDESK_SESSION_ABSOLUTE_HOURS * 3_600_000,
    webDist: e.TOKENDESK_WEB_DIST,
    webhookOrigins: e.TOKENDESK_WEBHOOK_ORIGINS,
    smtp:
      e.TOKENDESK_SMTP_URL && e.TOKENDESK_SMTP_FROM
        ? { url: e.TOKENDESK_SMTP_URL, from: e.TOKENDESK_SMTP_FROM }
        : undefined,
    leaseMs: e.TOKENDESK_LEASE_SECONDS * 1000,
    refreshIntervalMs: e.TOKENDESK_REFRESH_INTERVAL_SECONDS * 1000,
    refreshConcurrency: e.TOKENDESK_REFRESH_CONCURRENCY,
    refreshGiveUpMs: e.TOKENDESK_REFRESH_GIVE_UP_DAYS * 86_400_000,
    botRate: { perMinute: e.TOKENDESK_BOT_RATE_PER_MINUTE, burst: e.TOKENDESK_BOT_BURST },
    expiryWindows: {
      longLivedMs: e.TOKENDESK_EXPIRING_DAYS * 86_400_000,
      shortLivedMs: e.TOKENDESK_EXPIRING_SHORT_MINUTES * 60_000,
    },
    testFaults: e.TOKENDESK_TEST_FAULTS === '1' && e.NODE_ENV !== 'production',
    trustProxy: e.TOKENDESK_TRUST_PROXY === '1',
    faultAt:
      e.TOKENDESK_TEST_FAULTS === '1' && e.NODE_ENV !== 'production'
        ? e.TOKENDESK_FAULT_AT
        : undefined,
    logLevel: e.LOG_LEVEL,
  }
}

/** The environment's configuration with some variables replaced (command-line tools). */
export function loadConfigWith(overrides: Record<string, string | undefined>) {
  return loadConfig({ ...process.env, ...overrides })
}

/** Where the person ran the command: npm runs workspace scripts from the package directory. */
export function invocationDir() {
  return process.env.INIT_CWD ?? process.cwd()
}
