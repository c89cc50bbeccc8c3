import { and, desc, eq } from 'drizzle-orm'
import type { Db, DbLike } from '../../db/client'
import { newId } from '../../db/ids'
import { revocationOutbox } from '../../db/schema'
import type { Keyring } from '../../lib/crypto/keyring'

export type OutboxRow = typeof revocationOutbox.$inferSelect
export type TokenTypeHint = OutboxRow['tokenTypeHint']

/** What a finished row keeps in place of the sealed value: nothing to decrypt, nothing to leak. */
export const WIPED = ''

export const outboxValueAad = (row: { id: string; ownerId: string }) => ({
  table: 'revocation_outbox',
  column: 'value',
  rowId: row.id,
  ownerId: row.ownerId,
})

const MINUTE = 60_000

/**
 * Wait after the n-th failed attempt: 1, 2, 4 … minutes, at most an hour. Fixed (not an option)
 * so the view can tell when the last attempt was from the row alone.
 */
export const revocationBackoffMs = (attempts: number) =>
  Math.min(60 * MINUTE, MINUTE * 2 ** Math.max(0, attempts - 1))

export type EnqueueInput = {
  tokenId: string
  ownerId: string
  installationId: string | null
  providerId: string | null
  providerUrl: string
  value: string
  tokenTypeHint: TokenTypeHint
  /** Attempts already made (the inline one), 0 when the circuit kept us from calling. */
  attempts: number
  lastError: string | null
}

/**
 * Queues a revocation for retry. Call it inside the transaction that wipes the token's own
 * ciphertexts, so the value moves from the token row to the queue and lives in exactly one place.
 */
export async function enqueueRevocation(
  tx: DbLike,
  keyring: Keyring,
  input: EnqueueInput,
  now: number,
) {
  const id = newId()
  await tx.insert(revocationOutbox).values({
    id,
    tokenId: input.tokenId,
    ownerId: input.ownerId,
    installationId: input.installationId,
    providerId: input.providerId,
    providerUrl: input.providerUrl,
    valueEnc: keyring.encrypt(input.value, outboxValueAad({ id, ownerId: input.ownerId })),
    tokenTypeHint: input.tokenTypeHint,
    status: 'pending',
    attempts: input.attempts,
    nextAttemptAt: input.attempts > 0 ? now + revocationBackoffMs(input.attempts) : now,
    lastError: input.lastError,
    createdAt: now,
  })
  return id
}

export type RevocationState = { pending: boolean; lastTriedAt: number | null }

const NOT_PENDING: RevocationState = { pending: false, lastTriedAt: null }

/** Whether the provider still has to confirm a revocation of this token, for its page. */
export async function revocationStateOf(db: Db, tokenId: string): Promise<RevocationState> {
  const [row] = await db
    .select({ attempts: revocationOutbox.attempts, nextAttemptAt: revocationOutbox.nextAttemptAt })
    .from(revocationOutbox)
    .where(and(eq(revocationOutbox.tokenId, tokenId), eq(revocationOutbox.status, 'pending')))
    .orderBy(desc(revocationOutbox.createdAt))
    .limit(1)
  if (!row) return NOT_PENDING
  return {
    pending: true,
    lastTriedAt: row.attempts > 0 ? row.nextAttemptAt - revocationBackoffMs(row.attempts) : null,
  }
}
