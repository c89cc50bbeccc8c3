import type Database from 'better-sqlite3'
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core'
import type pg from 'pg'
import type { Keyring } from '../lib/crypto/keyring'
import * as pgSchema from './schema-pg'

/** Parents before children, so foreign keys hold at every insert. */
const TABLES: PgTable[] = [
  pgSchema.users,
  pgSchema.sessions,
  pgSchema.loginThrottle,
  pgSchema.meta,
  pgSchema.auditEvents,
  pgSchema.addons,
  pgSchema.installations,
  pgSchema.providers,
  pgSchema.tokens,
  pgSchema.tokenShares,
  pgSchema.oauthStates,
  pgSchema.botKeys,
  pgSchema.botKeyTokens,
  pgSchema.notifications,
  pgSchema.webhooks,
  pgSchema.webhookDeliveries,
  pgSchema.revocationOutbox,
  pgSchema.providerCircuits,
  pgSchema.botRateBuckets,
  pgSchema.botKeyFailures,
  pgSchema.invites,
  pgSchema.emailDeliveries,
]

/** Tables with a serial id: their sequences continue after the copied rows. */
const SERIAL_TABLES = [
  'audit_events',
  'notifications',
  'webhook_deliveries',
  'bot_key_failures',
  'email_deliveries',
]

/** Every sealed column and how its additional data is bound (as each writer seals it). */
export const SEALED_COLUMNS = [
  { table: 'tokens', key: 'id', column: 'access_token_enc', aadColumn: 'access_token' },
  { table: 'tokens', key: 'id', column: 'refresh_token_enc', aadColumn: 'refresh_token' },
  { table: 'installations', key: 'id', column: 'oauth_secret_enc', aadColumn: 'oauth_secret' },
  { table: 'providers', key: 'id', column: 'client_secret_enc', aadColumn: 'client_secret' },
  { table: 'webhooks', key: 'id', column: 'secret_enc', aadColumn: 'secret' },
  {
    table: 'oauth_states',
    key: 'state_hash',
    column: 'code_verifier_enc',
    aadColumn: 'code_verifier',
  },
  { table: 'revocation_outbox', key: 'id', column: 'value_enc', aadColumn: 'value' },
] as const

const BATCH = 500
/** The boot canary is written by the target's own boot under the same key; it is not copied. */
const SKIP_ROW = { table: 'meta', where: "key <> 'key_check'" }

function copiedColumns(table: PgTable) {
  const config = getTableConfig(table)
  return {
    name: config.name,
    columns: config.columns.filter((c) => !c.generated).map((c) => c.name),
  }
}

export type CopyReport = {
  tables: { name: string; source: number; target: number }[]
  secrets: number
}

export class CopyError extends Error {}

/**
 * Copies every row of a SQLite install into an empty PostgreSQL database that already has the
 * schema, in one transaction, then verifies row counts and that every sealed value opens with
 * `keyring` under its row binding. Ciphertexts are copied as they are: the key does not change.
 */
export async function copySqliteToPg(
  source: Database.Database,
  target: pg.Pool,
  keyring: Keyring,
): Promise<CopyReport> {
  const client = await target.connect()
  try {
    for (const table of TABLES) {
      const { name } = copiedColumns(table)
      const filter = name === SKIP_ROW.table ? ` where ${SKIP_ROW.where}` : ''
      const { rows } = await client.query(`select count(*)::int as n from "${name}"${filter}`)
      if (rows[0].n > 0) {
        throw new CopyError(
          `The target database is not empty: "${name}" has ${rows[0].n} rows. Copy into an empty database.`,
        )
      }
    }
    await client.query('begin')
    try {
      for (const table of TABLES) {
        const { name, columns } = copiedColumns(table)
        const filter = name === SKIP_ROW.table ? ` where ${SKIP_ROW.where}` : ''
        const list = columns.map((c) => `"${c}"`).join(', ')
        const select = source.prepare(`select ${list} from "${name}"${filter}`).raw()
        let batch: unknown[][] = []
        const flush = async () => {
          if (!batch.length) return
          const values = batch
            .map(
              (_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`,
            )
            .join(', ')
          await client.query(`insert into "${name}" (${list}) values ${values}`, batch.flat())
          batch = []
        }
        for (const row of select.iterate() as Iterable<unknown[]>) {
          batch.push(row)
          if (batch.length === BATCH) await flush()
        }
        await flush()
      }
      for (const name of SERIAL_TABLES) {
        await client.query(
          `select setval(pg_get_serial_sequence('${name}', 'id'), coalesce((select max(id) from "${name}"), 0) + 1, false)`,
        )
      }
      await client.query('commit')
    } catch (err) {
      await client.query('rollback')
      throw err
    }
    return await verify(source, client, keyring)
  } finally {
    client.release()
  }
}

async function verify(source: Database.Database, client: pg.PoolClient, keyring: Keyring) {
  const tables: CopyReport['tables'] = []
  for (const table of TABLES) {
    const { name } = copiedColumns(table)
    const filter = name === SKIP_ROW.table ? ` where ${SKIP_ROW.where}` : ''
    const from = (
      source.prepare(`select count(*) as n from "${name}"${filter}`).get() as { n: number }
    ).n
    const { rows } = await client.query(`select count(*)::int as n from "${name}"${filter}`)
    tables.push({ name, source: from, target: rows[0].n })
    if (rows[0].n !== from) {
      throw new CopyError(`Row counts differ for "${name}": ${from} in SQLite, ${rows[0].n} copied`)
    }
  }
  let secrets = 0
  for (const c of SEALED_COLUMNS) {
    const { rows } = await client.query(
      `select "${c.key}" as id, owner_id as owner, "${c.column}" as env from "${c.table}" where "${c.column}" is not null and "${c.column}" <> ''`,
    )
    for (const r of rows as { id: string; owner: string; env: string }[]) {
      try {
        keyring.decrypt(r.env, {
          table: c.table,
          column: c.aadColumn,
          rowId: r.id,
          ownerId: r.owner,
        })
      } catch {
        throw new CopyError(`${c.table}.${c.column} of row ${r.id} does not decrypt after the copy`)
      }
      secrets++
    }
  }
  return { tables, secrets }
}

/** Every table the copy covers, by name (a test checks none is forgotten). */
export const COPIED_TABLES = TABLES.map((t) => getTableConfig(t).name)
