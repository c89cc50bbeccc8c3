export interface EmulatorOptions {
  port?: number
  host?: string
  /** Lifetime of add-on (client_credentials) tokens, seconds. */
  addonTtl?: number
  /** Lifetime of user (authorization_code / refresh_token) access tokens, seconds. */
  userTtl?: number
  /** Lifetime of personal tokens, room notification tokens and refresh tokens, seconds. */
  longTtl?: number
  /** How long a just-rotated refresh token may be replayed once, seconds. */
  refreshGraceSeconds?: number
  /** Requests per rate-limit window per client/token. */
  rateLimit?: number
  /** Create a default group, user and room at start and on reset. */
  seed?: boolean
  /** Clock in epoch milliseconds. */
  now?: () => number
}

export interface EmulatorConfig {
  port: number
  host: string
  addonTtl: number
  userTtl: number
  longTtl: number
  refreshGraceSeconds: number
  rateLimit: number
  rateWindowSeconds: number
  codeTtl: number
  seed: boolean
  now: () => number
}

export const DEFAULT_PORT = 4010
export const DEFAULT_HOST = '127.0.0.1'
const YEAR = 365 * 24 * 3600

export function resolveConfig(options: EmulatorOptions = {}): EmulatorConfig {
  const host = options.host ?? DEFAULT_HOST
  if (!isLoopbackHostname(host)) {
    throw new Error(`The emulator binds to loopback only; refusing host ${host}`)
  }
  return {
    port: nonNegative('port', options.port ?? DEFAULT_PORT),
    host,
    addonTtl: positive('addonTtl', options.addonTtl ?? 3600),
    userTtl: positive('userTtl', options.userTtl ?? 3600),
    longTtl: positive('longTtl', options.longTtl ?? YEAR),
    refreshGraceSeconds: atLeastZero('refreshGraceSeconds', options.refreshGraceSeconds ?? 0),
    rateLimit: positive('rateLimit', options.rateLimit ?? 500),
    rateWindowSeconds: 300,
    codeTtl: 600,
    seed: options.seed ?? true,
    now: options.now ?? Date.now,
  }
}

const ENV_KEYS = {
  EMULATOR_PORT: 'port',
  EMULATOR_ADDON_TTL: 'addonTtl',
  EMULATOR_USER_TTL: 'userTtl',
  EMULATOR_LONG_TTL: 'longTtl',
  EMULATOR_REFRESH_GRACE: 'refreshGraceSeconds',
  EMULATOR_RATE_LIMIT: 'rateLimit',
} as const

/** Takes the environment as an argument so that only main.ts touches process.env. */
export function optionsFromEnv(env: Readonly<Record<string, string | undefined>>): EmulatorOptions {
  const options: EmulatorOptions = {}
  const host = env.EMULATOR_HOST?.trim()
  if (host) options.host = host
  for (const [name, key] of Object.entries(ENV_KEYS)) {
    const raw = env[name]?.trim()
    if (!raw) continue
    if (!/^\d+$/.test(raw)) throw new Error(`${name} must be a non-negative integer, got "${raw}"`)
    options[key] = Number(raw)
  }
  return options
}

export function isLoopbackHostname(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '')
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h)
}

/** Base URL for a host:port pair, bracketing IPv6 literals. */
export function baseUrlFor(host: string, port: number): string {
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
  return `http://${h}:${port}`
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be > 0`)
  return value
}

function atLeastZero(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be >= 0`)
  return value
}

function nonNegative(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be an integer >= 0`)
  return value
}
