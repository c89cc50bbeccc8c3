import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** Uniform alphanumeric string; rejection sampling avoids modulo bias. */
export function randomAlnum(length: number): string {
  let out = ''
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte >= 248) continue
      out += ALNUM[byte % ALNUM.length]
      if (out.length === length) break
    }
  }
  return out
}

export const newToken = (): string => randomAlnum(40)
export const newOauthId = (): string => randomUUID()
export const newSecret = (): string => randomAlnum(40)

export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest()
  const hb = createHash('sha256').update(b).digest()
  return timingSafeEqual(ha, hb)
}

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url')
}
