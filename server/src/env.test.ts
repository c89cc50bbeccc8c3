import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './env'

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig({})
    expect(c).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDir: './data',
      publicUrl: 'http://127.0.0.1:8080',
      trustedProviders: ['https://*.hipchat.com'],
      sessionIdleMs: 30 * 60_000,
      sessionAbsoluteMs: 12 * 3_600_000,
      secureCookies: false,
      bootstrapAdmin: undefined,
      databaseUrl: undefined,
      databasePoolSize: 10,
    })
  })

  it('selects PostgreSQL with a pool size, and only with a master key from the environment', () => {
    const key = Buffer.alloc(32, 1).toString('base64')
    const url = 'postgres://desk@db.internal:5432/tokendesk?sslmode=verify-full'
    expect(
      loadConfig({
        TOKENDESK_DATABASE_URL: url,
        TOKENDESK_MASTER_KEY: key,
        TOKENDESK_DATABASE_POOL_SIZE: '25',
      }),
    ).toMatchObject({ databaseUrl: url, databasePoolSize: 25, masterKey: key })
    // A key file in the data dir would differ per replica.
    expect(() => loadConfig({ TOKENDESK_DATABASE_URL: url })).toThrow(ConfigError)
    expect(() => loadConfig({ TOKENDESK_DATABASE_URL: url })).toThrow(
      /TOKENDESK_MASTER_KEY is required/,
    )
  })

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ TOKENDESK_MASTER_KEY: 'short' }, 'TOKENDESK_MASTER_KEY'],
    [{ TOKENDESK_PUBLIC_URL: 'ftp://x' }, 'TOKENDESK_PUBLIC_URL'],
    [
      { TOKENDESK_TRUSTED_PROVIDERS: 'https://ok.example.com, not a url' },
      'TOKENDESK_TRUSTED_PROVIDERS',
    ],
    [{ TOKENDESK_BOOTSTRAP_ADMIN_EMAIL: 'a@example.com' }, 'TOKENDESK_BOOTSTRAP_ADMIN_PASSWORD'],
    [{ TOKENDESK_SESSION_IDLE_MINUTES: '0' }, 'TOKENDESK_SESSION_IDLE_MINUTES'],
    [{ TOKENDESK_DATABASE_URL: 'mysql://db/tokendesk' }, 'TOKENDESK_DATABASE_URL'],
    [{ TOKENDESK_DATABASE_POOL_SIZE: '0' }, 'TOKENDESK_DATABASE_POOL_SIZE'],
  ])('names the bad variable in %o', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(name)
  })

  it('turns on secure cookies for an https public URL and never enables test faults in production', () => {
    expect(loadConfig({ TOKENDESK_PUBLIC_URL: 'https://desk.example.com/' }).publicUrl).toBe(
      'https://desk.example.com',
    )
    expect(loadConfig({ TOKENDESK_PUBLIC_URL: 'https://desk.example.com' }).secureCookies).toBe(
      true,
    )
    expect(loadConfig({ NODE_ENV: 'production', TOKENDESK_TEST_FAULTS: '1' }).testFaults).toBe(
      false,
    )
  })
})
