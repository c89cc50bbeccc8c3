import { and, asc, eq, isNull, lt, lte, or } from 'drizzle-orm'
import type { AppDeps } from '../../app-env'
import { revocationOutbox, tokens } from '../../db/schema'
import { transaction } from '../../db/transaction'
import { notify } from '../alerts/notify'
import { recordAudit } from '../audit'
import { type CircuitOptions, createCircuitBreaker } from '../providers/circuit-breaker'
import { dbNowMs, dbNowPlusMs } from '../refresh/db-now'
import { type OutboxRow, outboxValueAad, revocationBackoffMs, WIPED } from './outbox-store'
import { attemptRevocation, revocationTarget } from './provider-revocation'

export type RevocationOutboxOptions = {
  /** Stop asking this long after the first attempt: the row is given up, audited and notified. */
  giveUpMs?: number
  /** How long a claimed row is ours; longer than one provider call can take. */
  leaseMs?: number
  batch?: number
  concurrency?: number
  circuit?: CircuitOptions
}

const DAY = 86_400_000

/**
 * Retries queued provider revocations until the provider confirms or the give-up period passes.
 * Stateless between ticks; each row is claimed with a conditional lease update, so several
 * processes split the work and no row is sent by two of them at once.
 */
export function createRevocationOutbox(deps: AppDeps, opts: RevocationOutboxOptions = {}) {
  const { db, clock, keyring } = deps
  const giveUpMs = opts.giveUpMs ?? 7 * DAY
  const leaseMs = opts.leaseMs ?? 60_000
  const batch = opts.batch ?? 100
  const concurrency = opts.concurrency ?? 4
  const breaker = createCircuitBreaker(deps, opts.circuit)

  // Leases are set and judged on the database's clock; whether a row is due, on the injected one.
  const leaseFree = () =>
    or(isNull(revocationOutbox.leaseUntil), lt(revocationOutbox.leaseUntil, dbNowMs()))

  const due = (now: number) =>
    and(
      eq(revocationOutbox.status, 'pending'),
      leaseFree(),
      or(lte(revocationOutbox.nextAttemptAt, now), lte(revocationOutbox.createdAt, now - giveUpMs)),
    )

  function dueRows(now: number): Promise<OutboxRow[]> {
    return db
      .select()
      .from(revocationOutbox)
      .where(due(now))
      .orderBy(asc(revocationOutbox.nextAttemptAt))
      .limit(batch)
  }

  /**
   * The row is ours for `leaseMs` if it is still due and no one holds a live lease on it: of
   * several processes that picked the same row, the one whose conditional update matched sends
   * it, and one that picked it before another finished an attempt on it (`attempts` moved on)
   * does not send it again. Answers the row as claimed, or null.
   */
  async function lease(row: OutboxRow, now: number) {
    const [claimed] = await transaction(db, (tx) =>
      tx
        .update(revocationOutbox)
        .set({ leaseUntil: dbNowPlusMs(leaseMs) })
        .where(
          and(
            eq(revocationOutbox.id, row.id),
            eq(revocationOutbox.attempts, row.attempts),
            due(now),
          ),
        )
        .returning(),
    )
    return claimed ?? null
  }

  function finish(
    row: OutboxRow,
    status: 'done' | 'given_up',
    attempts: number,
    error: string | null,
  ) {
    const now = clock()
    return transaction(db, async (tx) => {
      const finished = await tx
        .update(revocationOutbox)
        .set({
          status,
          attempts,
          valueEnc: WIPED,
          lastError: error,
          leaseUntil: null,
          finishedAt: now,
        })
        .where(and(eq(revocationOutbox.id, row.id), eq(revocationOutbox.status, 'pending')))
        .returning({ id: revocationOutbox.id })
      // Someone else finished it meanwhile: theirs is the audit row.
      if (finished.length !== 1) return
      const [token] = await tx
        .select({ label: tokens.label })
        .from(tokens)
        .where(eq(tokens.id, row.tokenId))
        .limit(1)
      await recordAudit(tx, {
        at: now,
        actorId: null,
        actorType: 'system',
        action: status === 'done' ? 'token.revocation_confirmed' : 'token.revocation_given_up',
        targetType: 'token',
        targetId: row.tokenId,
        ownerId: row.ownerId,
        detail: { attempts, queuedAt: new Date(row.createdAt).toISOString(), lastError: error },
      })
      if (status === 'given_up') {
        await notify(
          tx,
          {
            ownerId: row.ownerId,
            // A deleted token has no page to link to.
            tokenId: token ? row.tokenId : null,
            type: 'revoked',
            dedupeKey: `${row.tokenId}:revocation_given_up:${row.id}`,
            title: `The provider never confirmed revoking ${token ? `“${token.label}”` : 'a deleted token'}`,
            detail: { attempts, lastError: error, providerUrl: row.providerUrl },
          },
          now,
        )
      }
    })
  }

  /** Back to the queue, not due before `nextAttemptAt`, and free for any process to claim. */
  function requeue(row: OutboxRow, set: Partial<typeof revocationOutbox.$inferInsert>) {
    return transaction(db, (tx) =>
      tx
        .update(revocationOutbox)
        .set({ ...set, leaseUntil: null })
        .where(and(eq(revocationOutbox.id, row.id), eq(revocationOutbox.status, 'pending'))),
    )
  }

  type Result = 'revoked' | 'retrying' | 'given_up' | 'held' | 'skipped'

  async function processRow(picked: OutboxRow): Promise<Result> {
    const now = clock()
    const row = await lease(picked, now)
    if (!row) return 'skipped'
    if (row.createdAt <= now - giveUpMs) {
      await finish(row, 'given_up', row.attempts, row.lastError ?? 'gave up')
      return 'given_up'
    }
    const target = await revocationTarget(deps, row)
    if (target.kind === 'none') {
      await finish(row, 'given_up', row.attempts, target.reason)
      return 'given_up'
    }
    let value: string
    try {
      value = keyring.decrypt(row.valueEnc, outboxValueAad(row))
    } catch {
      deps.logger.error({ outboxId: row.id }, 'revocation outbox ciphertext failed its check')
      await finish(row, 'given_up', row.attempts, 'the queued value could not be decrypted')
      return 'given_up'
    }
    const attempt = await attemptRevocation(deps, breaker, target, value, row.tokenTypeHint)
    if (attempt.outcome === 'held') {
      // Not due again until the circuit may let a call through (the circuit's time, like every
      // due time, is on the injected clock; the lease is only for a row being sent).
      await requeue(row, { nextAttemptAt: Math.max(row.nextAttemptAt, attempt.until) })
      return 'held'
    }
    const attempts = row.attempts + 1
    if (attempt.outcome === 'confirmed') {
      await finish(row, 'done', attempts, null)
      return 'revoked'
    }
    if (attempt.outcome === 'refused') {
      await finish(row, 'given_up', attempts, attempt.reason)
      return 'given_up'
    }
    await requeue(row, {
      attempts,
      lastError: attempt.reason,
      nextAttemptAt: clock() + revocationBackoffMs(attempts),
    })
    return 'retrying'
  }

  async function processDue() {
    const rows = await dueRows(clock())
    const counts: Record<Result, number> = {
      revoked: 0,
      retrying: 0,
      given_up: 0,
      held: 0,
      skipped: 0,
    }
    let next = 0
    const worker = async () => {
      while (next < rows.length) {
        const row = rows[next++]
        if (!row) break
        try {
          counts[await processRow(row)]++
        } catch (err) {
          // The lease runs out and a later tick tries again.
          deps.logger.error({ err, outboxId: row.id }, 'revocation retry failed')
        }
      }
    }
    await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, worker))
    return { due: rows.length, ...counts }
  }

  return { processDue, dueRows }
}

export type RevocationOutbox = ReturnType<typeof createRevocationOutbox>
