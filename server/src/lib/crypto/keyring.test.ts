import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createKeyring, DecryptError, freshIv } from './keyring'

const aad = { table: 'tokens', column: 'access_token', rowId: 'row-1', ownerId: 'owner-a' }

describe('keyring', () => {
  const ring = createKeyring(randomBytes(32))

  it('round-trips with a fresh IV per write and the key id in the envelope', () => {
    const a = ring.encrypt('secret value', aad)
    const b = ring.encrypt('secret value', aad)
    expect(a).not.toBe(b)
    expect(a.split('.')[0]).toBe('v1')
    expect(a.split('.')[1]).toBe(ring.currentId)
    expect(ring.decrypt(a, aad)).toBe('secret value')
    expect(a).not.toContain('secret')
  })

  it('never hands out the same IV twice, across refills of the IV pool', () => {
    const seen = new Set<string>()
    // Several refills of the pool (341 IVs each), all distinct and 12 bytes long.
    for (let i = 0; i < 341 * 5 + 7; i++) {
      const iv = freshIv()
      expect(iv.length).toBe(12)
      seen.add(iv.toString('hex'))
    }
    expect(seen.size).toBe(341 * 5 + 7)
    // Copies: mutating one cannot change another or the pool.
    const a = freshIv()
    const before = freshIv().toString('hex')
    a.fill(0)
    expect(freshIv().toString('hex')).not.toBe(before)
    // The envelopes' IVs differ too.
    const ivs = new Set(Array.from({ length: 1000 }, () => ring.encrypt('v', aad).split('.')[2]))
    expect(ivs.size).toBe(1000)
  })

  it('fails closed when one byte flips', () => {
    const env = ring.encrypt('secret value', aad)
    const parts = env.split('.')
    const body = Buffer.from(parts[3] ?? '', 'base64url')
    body[0] = (body[0] ?? 0) ^ 1
    parts[3] = body.toString('base64url')
    expect(() => ring.decrypt(parts.join('.'), aad)).toThrow(DecryptError)
  })

  it.each([
    ['row', { rowId: 'row-2' }],
    ['owner', { ownerId: 'owner-b' }],
    ['column', { column: 'refresh_token' }],
    ['table', { table: 'providers' }],
  ])('fails when moved to another %s', (_name, change) => {
    const env = ring.encrypt('secret value', aad)
    expect(() => ring.decrypt(env, { ...aad, ...change })).toThrow(DecryptError)
  })

  it('rejects unknown key ids and decrypts with an old key during rotation', () => {
    const oldKey = randomBytes(32)
    const old = createKeyring(oldKey)
    const env = old.encrypt('v', aad)
    expect(() => ring.decrypt(env, aad)).toThrow(/unknown key id/)
    const rotated = createKeyring(randomBytes(32), [oldKey])
    expect(rotated.decrypt(env, aad)).toBe('v')
    expect(rotated.keyIdOf(rotated.encrypt('v', aad))).toBe(rotated.currentId)
  })

  it('fingerprints deterministically per scope without revealing the value', () => {
    expect(ring.fingerprint('abc', 'owner-a')).toBe(ring.fingerprint('abc', 'owner-a'))
    expect(ring.fingerprint('abc', 'owner-a')).not.toBe(ring.fingerprint('abc', 'owner-b'))
  })
})
