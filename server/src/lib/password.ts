import { type Algorithm, hash, verify } from '@node-rs/argon2'

/** OWASP's Argon2id baseline: 19 MiB, two passes, one lane. */
// 2 is Algorithm.Argon2id (a const enum, which isolated modules cannot read).
const OPTIONS = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 }

export function hashPassword(password: string) {
  return hash(password, OPTIONS)
}

export async function verifyPassword(hashed: string, password: string) {
  try {
    return await verify(hashed, password)
  } catch {
    return false
  }
}

let dummy: Promise<string> | undefined

/** Verifies against a throwaway hash so unknown emails cost the same time as wrong passwords. */
export async function burnPasswordCheck(password: string) {
  dummy ??= hashPassword('token-desk-dummy-password')
  await verifyPassword(await dummy, password)
  return false
}
