import { and, eq, type SQL, sql } from 'drizzle-orm'
import { type Db, type DbLike, sqliteConnections } from '../../db/client'
import { auditEvents, installations, tokens } from '../../db/schema'

const p = (name: string) => sql.placeholder(name)
/**
 * A placeholder as an update value. The builder's types take none, but at run time it wraps the
 * value in a parameter of its column like any other, so the column's encoding (JSON, for one)
 * applies to the value given at execution.
 */
const setP = (name: string) => sql.placeholder(name) as unknown as SQL

/** The row a renewal may write: still leased to this holder at the generation it claimed. */
const fencedWhere = and(
  eq(tokens.id, p('id')),
  eq(tokens.leaseOwner, p('holder')),
  eq(tokens.generation, p('generation')),
)

function buildReads(db: Db) {
  return {
    installation: db
      .select()
      .from(installations)
      .where(eq(installations.id, p('id')))
      .limit(1)
      .prepare('td_refresh_installation'),
  }
}

function build(db: DbLike, onPg: boolean) {
  const fenced = db.select().from(tokens).where(fencedWhere).limit(1)
  return {
    // Locked on PostgreSQL: the writes run at READ COMMITTED (write-batch.ts), and the row's
    // owner, bound into the seals made from it, must not change between this read and the update.
    fencedRow: (onPg ? fenced.for('update') : fenced).prepare('td_refresh_fenced'),
    renew: db
      .update(tokens)
      .set({
        accessTokenEnc: setP('accessTokenEnc'),
        refreshTokenEnc: setP('refreshTokenEnc'),
        expiresAt: setP('expiresAt'),
        // What the provider just said is the expiry now; an earlier manual date no longer applies.
        providerExpiresAt: setP('expiresAt'),
        expiryManual: false,
        scopes: setP('scopes'),
        generation: setP('nextGeneration'),
        leaseOwner: null,
        leaseUntil: null,
        status: 'active',
        failCount: 0,
        lastError: null,
        nextAttemptAt: null,
        failingSince: null,
        lastRefreshedAt: setP('now'),
        updatedAt: setP('now'),
      })
      .where(fencedWhere)
      .returning()
      .prepare('td_refresh_renew'),
    audit: db
      .insert(auditEvents)
      .values({
        at: p('at'),
        actorId: p('actorId'),
        actorType: p('actorType'),
        action: p('action'),
        targetType: 'token',
        targetId: p('targetId'),
        ownerId: p('ownerId'),
        ip: null,
        userAgent: null,
        detail: p('detail'),
      })
      .prepare('td_refresh_audit'),
  }
}

export type RenewalStatements = ReturnType<typeof build>

/**
 * The statements of a renewal, built once: building them with the query builder and having
 * SQLite prepare them on every renewal was the largest part of the refresher's CPU (BENCHMARKS.md
 * #4). On SQLite every write transaction runs on the one writer connection, so the transaction's
 * statements are prepared on it once and reused; on PostgreSQL a transaction is a pooled
 * connection of its own, so they are built per transaction as named statements, which each
 * connection parses once. `reads` run outside any transaction.
 */
export function createRenewalStatements(db: Db) {
  const onSqlite = sqliteConnections(db) !== null
  const reads = buildReads(db)
  let writer: { tx: DbLike; stmts: RenewalStatements } | null = null
  return {
    reads,
    in(tx: DbLike): RenewalStatements {
      if (!onSqlite) return build(tx, true)
      if (writer?.tx !== tx) writer = { tx, stmts: build(tx, false) }
      return writer.stmts
    },
  }
}
