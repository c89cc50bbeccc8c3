import { and, asc, eq, isNull, lt, lte, or } from 'drizzle-orm'
import type { AppDeps } from '../../app-env'
import { revocationOutbox, tokens } from '../../db/schema'
import { notify } from '../alerts/notify'
import { recordAudit } from '../audit'
import { type CircuitOptions, createCircuitBreaker } from '../providers/circuit-breaker'
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

  const leaseFree = (now: number) =>
    or(isNull(revocationOutbox.leaseUntil), lt(revocationOutbox.leaseUntil, now))

  function dueRows(now: number) {
    return db
      .select()
      .from(revocationOutbox)
      .where(
        and(
          eq(revocationOutbox.status, 'pending'),
          leaseFree(now),
          or(
            lte(revocationOutbox.nextAttemptAt, now),
            lte(revocationOutbox.createdAt, now - giveUpMs),
          ),
        ),
      )
      .orderBy(asc(revocationOutbox.nextAttemptAt))
      .limit(batch)
      .all()
  }

  /** The row is ours until `until`, unless someone else holds a live lease on it. */
  function lease(id: string, now: number, until: number) {
    return (
      db
        .update(revocationOutbox)
        .set({ leaseUntil: until })
        .where(
          and(eq(revocationOutbox.id, id), eq(revocationOutbox.status, 'pending'), leaseFree(now)),
        )
        .run().changes === 1
    )
  }

  function finish(
    row: OutboxRow,
    status: 'done' | 'given_up',
    attempts: number,
    error: string | null,
  ) {
    const now = clock()
    db.transaction((tx) => {
      const finished = tx
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
        .run()
      // Someone else finished it meanwhile: theirs is the audit row.
      if (finished.changes !== 1) return
      const token = tx
        .select({ label: tokens.label })
        .from(tokens)
        .where(eq(tokens.id, row.tokenId))
        .get()
      recordAudit(tx, {
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
        notify(
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

  function retryLater(row: OutboxRow, attempts: number, error: string) {
    const now = clock()
    db.update(revocationOutbox)
      .set({
        attempts,
        lastError: error,
        nextAttemptAt: now + revocationBackoffMs(attempts),
        leaseUntil: null,
      })
      .where(and(eq(revocationOutbox.id, row.id), eq(revocationOutbox.status, 'pending')))
      .run()
  }

  type Result = 'revoked' | 'retrying' | 'given_up' | 'held' | 'skipped'

  async function processRow(row: OutboxRow): Promise<Result> {
    const now = clock()
    if (!lease(row.id, now, now + leaseMs)) return 'skipped'
    if (row.createdAt <= now - giveUpMs) {
      finish(row, 'given_up', row.attempts, row.lastError ?? 'gave up')
      return 'given_up'
    }
    const target = revocationTarget(deps, row)
    if (target.kind === 'none') {
      finish(row, 'given_up', row.attempts, target.reason)
      return 'given_up'
    }
    let value: string
    try {
      value = keyring.decrypt(row.valueEnc, outboxValueAad(row))
    } catch {
      deps.logger.error({ outboxId: row.id }, 'revocation outbox ciphertext failed its check')
      finish(row, 'given_up', row.attempts, 'the queued value could not be decrypted')
      return 'given_up'
    }
    const attempt = await attemptRevocation(deps, breaker, target, value, row.tokenTypeHint)
    if (attempt.outcome === 'held') {
      // Keep the row out of every process's way until the circuit may let a call through.
      db.update(revocationOutbox)
        .set({ leaseUntil: attempt.until })
        .where(and(eq(revocationOutbox.id, row.id), eq(revocationOutbox.status, 'pending')))
        .run()
      return 'held'
    }
    const attempts = row.attempts + 1
    if (attempt.outcome === 'confirmed') {
      finish(row, 'done', attempts, null)
      return 'revoked'
    }
    if (attempt.outcome === 'refused') {
      finish(row, 'given_up', attempts, attempt.reason)
      return 'given_up'
    }
    retryLater(row, attempts, attempt.reason)
    return 'retrying'
  }

  async function processDue() {
    const rows = dueRows(clock())
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
