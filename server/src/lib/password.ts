import { type Algorithm, hash } from '@node-rs/argon2'

/** OWASP's Argon2id baseline: 19 MiB, two passes, one lane. */
// 2 is Algorithm.Argon2id (a const enum, which isolated modules cannot read).
const OPTIONS = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 }

/** Checking a password is services/password-check.ts's job alone: it is throttled there. */
export function hashPassword(password: string) {
  return hash(password, OPTIONS)
}
