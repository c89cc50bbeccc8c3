import { describe, expect, it } from 'vitest'
import { createScrubber, REDACTED } from './scrub-secrets'

// Characters that every encoding treats differently: `+` `/` `=` space `&` `"` `\` and non-ASCII.
const refresh = 'rt+CANARY/a=b c&d"e\\f~g*h(i)é'
const secret = "cs+CANARY/x y'z!"
const clientId = 'client id+1'
const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString(
  'base64',
)
const scrub = createScrubber([refresh, secret, basic])

const form = (v: string) => new URLSearchParams({ v }).toString().slice(2)
const html = (v: string) =>
  v.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/\+/g, '&#x2B;')

const encodings: [string, (v: string) => string][] = [
  ['raw', (v) => v],
  ['form-urlencoded (space as +)', form],
  ['form-urlencoded with %20', (v) => form(v).replace(/\+/g, '%20')],
  [
    'form-urlencoded, lower-case hex',
    (v) => form(v).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
  ],
  ['encodeURIComponent', encodeURIComponent],
  ['encodeURI', encodeURI],
  [
    'escape() style %XX for every byte',
    (v) => [...Buffer.from(v)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''),
  ],
  ['encoded twice', (v) => encodeURIComponent(encodeURIComponent(v))],
  ['JSON-escaped', (v) => JSON.stringify(v).slice(1, -1)],
  [
    'JSON with \\u escapes',
    (v) => [...v].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
  ],
  ['JSON with escaped slashes', (v) => JSON.stringify(v).slice(1, -1).replace(/\//g, '\\/')],
  ['HTML-escaped', html],
  ['base64', (v) => Buffer.from(v).toString('base64')],
  ['base64 without padding', (v) => Buffer.from(v).toString('base64').replace(/=+$/, '')],
  ['base64url', (v) => Buffer.from(v).toString('base64url')],
]

describe('createScrubber', () => {
  it.each(encodings)('removes a refresh token and a client secret sent %s', (_name, encode) => {
    for (const value of [refresh, secret]) {
      const text = `before ${encode(value)} after`
      expect(scrub.redact(text)).toBe(`before ${REDACTED} after`)
    }
  })

  it.each(encodings.filter(([n]) => !n.startsWith('base64')))(
    'removes the Basic credential sent %s, and the id:secret pair it encodes',
    (_name, encode) => {
      expect(scrub.redact(`Authorization: Basic ${encode(basic)}`)).toBe(
        `Authorization: Basic ${REDACTED}`,
      )
    },
  )

  it('removes every occurrence in an echoed form body and keeps the rest', () => {
    const body = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refresh,
      client_secret: secret,
    }).toString()
    const out = scrub.redact(body)
    expect(out).toBe(`grant_type=refresh_token&refresh_token=${REDACTED}&client_secret=${REDACTED}`)
  })

  it('follows one encoding inside another and keeps the text around it intact', () => {
    const jsonOfForm = form(refresh).replace(/%/g, '\\u0025')
    expect(scrub.redact(`{"d":"x=${jsonOfForm}&y=1"}`)).toBe(`{"d":"x=${REDACTED}&y=1"}`)
    const htmlOfForm = form(secret).replace(/%/g, '&#37;')
    expect(scrub.redact(`<p>é ✓ 😀 ${htmlOfForm} ü</p>`)).toBe(`<p>é ✓ 😀 ${REDACTED} ü</p>`)
    expect(scrub.redact(`😀${refresh}😀${form(refresh)}😀`)).toBe(`😀${REDACTED}😀${REDACTED}😀`)
  })

  it('leaves text without secrets alone and ignores empty secrets', () => {
    const none = createScrubber(['', null, undefined])
    expect(none.redact('plain text + 100%')).toBe('plain text + 100%')
    expect(scrub.redact('The refresh token is invalid')).toBe('The refresh token is invalid')
  })

  it('redacts opaque-looking tokens it was not told about in excerpts', () => {
    const stranger = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-nature_x'
    expect(scrub.excerpt(`token ${stranger} expired`)).toBe(`token ${REDACTED} expired`)
    expect(scrub.excerpt(`short abc123 ok`)).toBe('short abc123 ok')
    expect(scrub.excerpt(`partial rt%2BCANARY%2Fabcdefghijkl cut`)).toBe(`partial ${REDACTED} cut`)
  })

  it('caps excerpts and flattens control characters and newlines', () => {
    const out = scrub.excerpt(`line one\nline\ttwo\u0000 ${'word '.repeat(60)}`)
    expect(out.length).toBeLessThanOrEqual(120)
    expect(out.startsWith('line one line two word')).toBe(true)
    expect(out).not.toMatch(/[\n\t]/)
    expect(out).not.toContain('\u0000')
    expect(out.endsWith('…')).toBe(true)
  })

  it('redacts before capping, so a cut cannot leave part of a secret behind', () => {
    const text = `${'x '.repeat(55)}${form(refresh)}`
    const out = scrub.excerpt(text)
    expect(out).not.toContain('CANARY')
    expect(out).not.toContain('rt')
  })
})
