import type { Keyring } from '../../lib/crypto/keyring'

type RowRef = { id: string; ownerId: string }
export type SecretColumn = 'access_token' | 'refresh_token'

/** Ciphertexts are bound to table, column, row and owner: a moved value fails to decrypt. */
export function aadFor(row: RowRef, column: SecretColumn) {
  return { table: 'tokens', column, rowId: row.id, ownerId: row.ownerId }
}

export function seal(keyring: Keyring, row: RowRef, column: SecretColumn, value: string) {
  return keyring.encrypt(value, aadFor(row, column))
}

export function unseal(keyring: Keyring, row: RowRef, column: SecretColumn, envelope: string) {
  return keyring.decrypt(envelope, aadFor(row, column))
}

/** Keyed fingerprint of a token value; scope-free so duplicates are found across reassignments. */
export function tokenFingerprint(keyring: Keyring, value: string) {
  return keyring.fingerprint(value, 'token')
}
