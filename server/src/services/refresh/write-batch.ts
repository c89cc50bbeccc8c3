import type { Db, Tx } from '../../db/client'
import { transaction } from '../../db/transaction'

type Pending = {
  run: (tx: Tx) => Promise<unknown>
  /** When it must go out (`performance.now()`). */
  deadline: number
  resolve: (value: unknown) => void
  reject: (err: unknown) => void
}

/**
 * Every write here is conditional on the rows it locks (the lease fence, the claim's
 * `SKIP LOCKED`, dedupe keys), so on PostgreSQL it needs no SERIALIZABLE: under it, replicas
 * renewing at once aborted each other's whole batch, and the retries cost more than the work.
 */
const ISOLATION = { isolation: 'read committed' } as const

/** Writes per transaction at most: a batch stays a short hold on the write lock. */
const MAX_BATCH = 64

/**
 * Group commit for the refresh engine's small writes (claims, renewals, failures, releases).
 * Writes queued while a commit is under way go out together in the next transaction, so
 * concurrent renewals share one commit (on SQLite with `synchronous=FULL` each commit is an
 * fsync that blocks the event loop, about 1-2 ms on this disk: two per renewal made the
 * refresher wait on the disk instead of the provider). Each write still resolves only after
 * its own transaction has committed, and nobody is answered before that.
 *
 * A write must only touch the database (it may run again: PostgreSQL retries, and a failed
 * batch is run again one write per transaction) and must not throw for an expected outcome:
 * it returns it, so one write's conflict cannot roll back its neighbours. If a batch fails
 * anyway, each of its writes is retried in a transaction of its own and only the failing one
 * rejects.
 *
 * `waitMs`: a write nobody waits for (the background refresher's renewal of a token that
 * carries no refresh token) may wait that long for company; any other write sends it at once.
 */
export function createWriteBatcher(db: Db) {
  let queue: Pending[] = []
  let scheduled = false
  let timer: NodeJS.Timeout | null = null
  let flushing = false

  function write<T>(run: (tx: Tx) => Promise<T>, waitMs = 0): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const deadline = performance.now() + Math.max(0, waitMs)
      queue.push({ run, deadline, resolve: resolve as (v: unknown) => void, reject })
      if (waitMs <= 0 || queue.length >= MAX_BATCH) schedule()
      else if (!timer && !scheduled && !flushing) wakeAt(deadline)
    })
  }

  function wakeAt(deadline: number) {
    timer = setTimeout(schedule, Math.max(0, deadline - performance.now()))
    timer.unref()
  }

  function schedule() {
    if (timer) {
      clearTimeout(timer)
      timer = null
    }
    if (scheduled || flushing) return
    scheduled = true
    // After the I/O callbacks of this turn: answers that arrived during the last commit
    // queue their writes first and join this batch.
    setImmediate(() => {
      scheduled = false
      void flush()
    })
  }

  async function flush() {
    if (flushing || queue.length === 0) return
    flushing = true
    const batch = queue.length <= MAX_BATCH ? queue : queue.slice(0, MAX_BATCH)
    queue = queue.length <= MAX_BATCH ? [] : queue.slice(MAX_BATCH)
    try {
      if (batch.length === 1) await runAlone(batch[0] as Pending)
      else {
        let results: unknown[]
        try {
          results = await transaction(
            db,
            async (tx) => {
              const out: unknown[] = []
              for (const w of batch) out.push(await w.run(tx))
              return out
            },
            ISOLATION,
          )
        } catch {
          for (const w of batch) await runAlone(w)
          return
        }
        batch.forEach((w, i) => {
          w.resolve(results[i])
        })
      }
    } finally {
      flushing = false
      if (queue.length) {
        const first = Math.min(...queue.map((w) => w.deadline))
        if (first <= performance.now() || queue.length >= MAX_BATCH) schedule()
        else if (!timer) wakeAt(first)
      }
    }
  }

  async function runAlone(w: Pending) {
    try {
      w.resolve(await transaction(db, w.run, ISOLATION))
    } catch (err) {
      w.reject(err)
    }
  }

  return { write }
}

export type WriteBatcher = ReturnType<typeof createWriteBatcher>
