import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

const digest = (v: string) => createHash('sha256').update(v).digest()

/** A one-time token for creating the first admin; held in memory, printed at start. */
export function createSetupGate() {
  let hash: Buffer | null = null
  return {
    issue() {
      const token = randomBytes(24).toString('base64url')
      hash = digest(token)
      return token
    },
    check(token: string) {
      return hash !== null && timingSafeEqual(hash, digest(token))
    },
    close() {
      hash = null
    },
  }
}

export type SetupGate = ReturnType<typeof createSetupGate>
