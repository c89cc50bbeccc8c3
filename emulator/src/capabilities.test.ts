import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningEmulator } from './index'
import { createEmulatorApp, startEmulator } from './index'
import { ALL_SCOPES, SCOPES } from './scopes'

let emu: RunningEmulator

beforeAll(async () => {
  emu = await startEmulator({ port: 0 })
})
afterAll(() => emu.close())

describe('startEmulator', () => {
  it('listens on 127.0.0.1 with the real port and no trailing slash', () => {
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(emu.url.endsWith(':0')).toBe(false)
    expect(emu.capabilitiesUrl).toBe(`${emu.url}/v2/capabilities`)
  })

  it('refuses a non-loopback host', async () => {
    await expect(startEmulator({ port: 0, host: '0.0.0.0' })).rejects.toThrow(/loopback/)
  })
})

describe('GET /v2/capabilities', () => {
  it('is shaped like HipChat’s document, with links built from the served URL', async () => {
    const res = await fetch(emu.capabilitiesUrl)
    expect(res.status).toBe(200)
    const doc = (await res.json()) as {
      key: string
      links: Record<string, string>
      capabilities: {
        oauth2Provider: Record<string, string>
        hipchatApiProvider: { url: string; availableScopes: Record<string, Record<string, string>> }
      }
    }
    expect(doc.key).toBe('hipchat')
    expect(doc.links.self).toBe(emu.capabilitiesUrl)
    expect(doc.links.api).toBe(`${emu.url}/v2`)
    expect(doc.links.homepage).toMatch(/^http:\/\//)
    expect(doc.capabilities.oauth2Provider).toEqual({
      tokenUrl: `${emu.url}/v2/oauth/token`,
      authorizationUrl: `${emu.url}/users/authorize`,
    })
    expect(doc.capabilities.hipchatApiProvider.url).toBe(`${emu.url}/v2/`)
    const scopes = doc.capabilities.hipchatApiProvider.availableScopes
    expect(Object.keys(scopes).sort()).toEqual([...ALL_SCOPES].sort())
    expect(Object.keys(scopes)).toHaveLength(9)
    for (const id of ALL_SCOPES) {
      expect(scopes[id]).toEqual({ id, name: SCOPES[id].name, description: SCOPES[id].description })
    }
    expect(scopes.send_notification?.name).toBe('Send Notification')
  })

  it('uses the Host it was reached through (localhost here)', async () => {
    const port = new URL(emu.url).port
    const res = await fetch(`http://localhost:${port}/v2/capabilities`)
    const doc = (await res.json()) as { links: { self: string } }
    expect(doc.links.self).toBe(`http://localhost:${port}/v2/capabilities`)
  })

  it('refuses non-loopback Host headers (DNS rebinding guard)', async () => {
    const res = await createEmulatorApp(emu.state).request('/v2/capabilities', {
      headers: { Host: 'evil.example:4010' },
    })
    expect(res.status).toBe(421)
    expect(((await res.json()) as { error: { code: number } }).error.code).toBe(421)
  })

  it('answers unknown paths with the HipChat error envelope', async () => {
    const res = await fetch(`${emu.url}/v2/nope`)
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({
      error: { code: 404, message: 'Not found', type: 'Not Found' },
    })
  })
})
