import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomFillSync,
} from 'node:crypto'

const VERSION = 'v1'
const IV_BYTES = 12
const TAG_BYTES = 16

export class DecryptError extends Error {
  constructor(reason: string) {
    super(`decryption failed: ${reason}`)
  }
}

/** What a ciphertext is bound to: moving it to another row, column or owner breaks decryption. */
export type Aad = { table: string; column: string; rowId: string; ownerId: string }

/**
 * Random IVs drawn from a buffer the CSPRNG refills every 341 IVs: `randomBytes(12)` cost about
 * 5 µs a call against 0.3 µs here (a renewal seals its tokens; BENCHMARKS.md #4). Each IV is
 * copied out and its bytes never handed out again, so every IV is still fresh CSPRNG output.
 */
const ivPool = Buffer.alloc(IV_BYTES * 341)
let ivOffset = ivPool.length

export function freshIv(): Buffer {
  if (ivOffset + IV_BYTES > ivPool.length) {
    randomFillSync(ivPool)
    ivOffset = 0
  }
  const iv = Buffer.from(ivPool.subarray(ivOffset, ivOffset + IV_BYTES))
  ivOffset += IV_BYTES
  return iv
}

function aadBytes(aad: Aad) {
  return Buffer.from(`${aad.table}|${aad.column}|${aad.rowId}|${aad.ownerId}`, 'utf8')
}

export function keyId(key: Buffer) {
  return createHash('sha256').update(key).digest('hex').slice(0, 8)
}

export type Keyring = ReturnType<typeof createKeyring>

/**
 * One current key encrypts; older keys only decrypt (during rotation). Envelope:
 * `v1.<keyId>.<iv b64url>.<ciphertext+tag b64url>`.
 */
export function createKeyring(current: Buffer, old: Buffer[] = []) {
  if (current.length !== 32) throw new Error('master key must be 32 bytes')
  const keys = new Map<string, Buffer>()
  for (const k of [current, ...old]) keys.set(keyId(k), k)
  const currentId = keyId(current)
  const fingerprintKey = Buffer.from(hkdfSync('sha256', current, '', 'tokendesk fingerprint', 32))

  return {
    currentId,
    encrypt(plaintext: string, aad: Aad): string {
      const iv = freshIv()
      const cipher = createCipheriv('aes-256-gcm', current, iv)
      cipher.setAAD(aadBytes(aad))
      const body = Buffer.concat([
        cipher.update(plaintext, 'utf8'),
        cipher.final(),
        cipher.getAuthTag(),
      ])
      return [VERSION, currentId, iv.toString('base64url'), body.toString('base64url')].join('.')
    },
    decrypt(envelope: string, aad: Aad): string {
      const [version, id, ivText, bodyText, extra] = envelope.split('.')
      if (version !== VERSION || !id || !ivText || !bodyText || extra !== undefined) {
        throw new DecryptError('malformed envelope')
      }
      const key = keys.get(id)
      if (!key) throw new DecryptError(`unknown key id ${id}`)
      const iv = Buffer.from(ivText, 'base64url')
      const body = Buffer.from(bodyText, 'base64url')
      if (iv.length !== IV_BYTES || body.length < TAG_BYTES)
        throw new DecryptError('malformed envelope')
      const decipher = createDecipheriv('aes-256-gcm', key, iv)
      decipher.setAAD(aadBytes(aad))
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES))
      try {
        return Buffer.concat([
          decipher.update(body.subarray(0, body.length - TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8')
      } catch {
        throw new DecryptError('integrity check failed')
      }
    },
    /** The current key, for the rotation command only. */
    exportCurrent() {
      return current.toString('base64')
    },
    keyIdOf(envelope: string) {
      return envelope.split('.')[1]
    },
    /** Keyed fingerprint for duplicate detection and audit: reveals nothing without the key. */
    fingerprint(value: string, scope: string) {
      return createHmac('sha256', fingerprintKey).update(`${scope}\0${value}`).digest('base64url')
    },
  }
}
