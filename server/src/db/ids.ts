import { randomBytes } from 'node:crypto'

/** 128 random bits, URL-safe: unguessable, so ids are no existence oracle. */
export function newId() {
  return randomBytes(16).toString('base64url')
}
