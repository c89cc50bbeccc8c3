import type { ChildProcess } from 'node:child_process'
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { optionsFromEnv, resolveConfig } from './config'
import { basic } from './testing/test-support'

const tsxCli = createRequire(import.meta.url).resolve('tsx/cli')
const mainPath = fileURLToPath(new URL('./main.ts', import.meta.url))
let child: ChildProcess | undefined

afterEach(() => {
  if (child?.exitCode === null) child.kill('SIGKILL')
  child = undefined
})

/** Runs main.ts with only the given variables, resolving with the printed base URL. */
function runMain(env: Record<string, string>): Promise<string> {
  const proc = spawn(process.execPath, [tsxCli, mainPath], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child = proc
  return new Promise((resolve, reject) => {
    let out = ''
    proc.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1]
      if (url) resolve(url)
    })
    let err = ''
    proc.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString()
    })
    proc.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)))
  })
}

describe('main.ts', () => {
  it('starts standalone on 127.0.0.1, prints its URL and applies env lifetimes', async () => {
    const url = await runMain({ EMULATOR_PORT: '0', EMULATOR_ADDON_TTL: '77' })
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const caps = (await (await fetch(`${url}/v2/capabilities`)).json()) as {
      links: { self: string }
    }
    expect(caps.links.self).toBe(`${url}/v2/capabilities`)
    const client = (await (
      await fetch(`${url}/admin/api/clients`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ scopes: ['view_room'] }),
      })
    ).json()) as { oauthId: string; oauthSecret: string }
    const token = await fetch(`${url}/v2/oauth/token`, {
      method: 'POST',
      headers: { Authorization: basic(client.oauthId, client.oauthSecret) },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    })
    expect(((await token.json()) as { expires_in: number }).expires_in).toBe(77)
    const exited = new Promise((resolve) => child?.on('exit', resolve))
    child?.kill('SIGTERM')
    expect(await exited).toBe(0)
  }, 30_000)

  it('exits 1 with a message on bad configuration', async () => {
    await expect(runMain({ EMULATOR_PORT: 'abc' })).rejects.toThrow(/exited 1: .*EMULATOR_PORT/)
    await expect(runMain({ EMULATOR_HOST: '0.0.0.0' })).rejects.toThrow(/loopback/)
  }, 30_000)
})

describe('configuration', () => {
  it('reads every EMULATOR_* variable', () => {
    expect(
      optionsFromEnv({
        EMULATOR_PORT: '4011',
        EMULATOR_HOST: 'localhost',
        EMULATOR_ADDON_TTL: '10',
        EMULATOR_USER_TTL: '20',
        EMULATOR_LONG_TTL: '30',
        EMULATOR_REFRESH_GRACE: '5',
        EMULATOR_RATE_LIMIT: '50',
      }),
    ).toEqual({
      port: 4011,
      host: 'localhost',
      addonTtl: 10,
      userTtl: 20,
      longTtl: 30,
      refreshGraceSeconds: 5,
      rateLimit: 50,
    })
  })

  it('defaults to 127.0.0.1:4010 and the documented lifetimes', () => {
    expect(resolveConfig(optionsFromEnv({}))).toMatchObject({
      host: '127.0.0.1',
      port: 4010,
      addonTtl: 3600,
      userTtl: 3600,
      longTtl: 365 * 24 * 3600,
      refreshGraceSeconds: 0,
      rateLimit: 500,
    })
  })

  it('rejects non-numeric values and non-loopback hosts', () => {
    expect(() => optionsFromEnv({ EMULATOR_USER_TTL: '1h' })).toThrow(/EMULATOR_USER_TTL/)
    expect(() => resolveConfig({ host: '192.168.1.2' })).toThrow(/loopback/)
    expect(() => resolveConfig({ addonTtl: 0 })).toThrow(/addonTtl/)
    expect(resolveConfig({ host: '::1' }).host).toBe('::1')
  })
})
