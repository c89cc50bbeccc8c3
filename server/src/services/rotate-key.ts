import { and, eq, getTableColumns, getTableName, isNotNull, ne } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import type { Db, Tx } from '../db/client'
import {
  installations,
  oauthStates,
  providers,
  revocationOutbox,
  tokens,
  webhooks,
} from '../db/schema'
import { transaction } from '../db/transaction'
import { rewriteKeyCheck } from '../lib/boot'
import type { Keyring } from '../lib/crypto/keyring'

type Sealed = {
  table: PgTable
  /** Property names of the row key, the owner and the sealed value on `table`. */
  key: string
  owner: string
  column: string
  /** The column name the value's additional data is bound to (see each writer). */
  aadColumn: string
}

/**
 * Every encrypted column. An empty value is a wiped one (a finished revocation_outbox row):
 * nothing to re-encrypt.
 */
const COLUMNS: Sealed[] = [
  {
    table: tokens,
    key: 'id',
    owner: 'ownerId',
    column: 'accessTokenEnc',
    aadColumn: 'access_token',
  },
  {
    table: tokens,
    key: 'id',
    owner: 'ownerId',
    column: 'refreshTokenEnc',
    aadColumn: 'refresh_token',
  },
  {
    table: installations,
    key: 'id',
    owner: 'ownerId',
    column: 'oauthSecretEnc',
    aadColumn: 'oauth_secret',
  },
  {
    table: providers,
    key: 'id',
    owner: 'ownerId',
    column: 'clientSecretEnc',
    aadColumn: 'client_secret',
  },
  { table: webhooks, key: 'id', owner: 'ownerId', column: 'secretEnc', aadColumn: 'secret' },
  {
    table: oauthStates,
    key: 'stateHash',
    owner: 'ownerId',
    column: 'codeVerifierEnc',
    aadColumn: 'code_verifier',
  },
  {
    table: revocationOutbox,
    key: 'id',
    owner: 'ownerId',
    column: 'valueEnc',
    aadColumn: 'value',
  },
]

function columnOf(table: PgTable, name: string): PgColumn {
  const column = (getTableColumns(table) as Record<string, PgColumn>)[name]
  if (!column) throw new Error(`${getTableName(table)} has no column ${name}`)
  return column
}

async function reencryptColumn(tx: Tx, keyring: Keyring, c: Sealed) {
  const key = columnOf(c.table, c.key)
  const value = columnOf(c.table, c.column)
  const rows = (await tx
    .select({ id: key, owner: columnOf(c.table, c.owner), env: value })
    .from(c.table)
    .where(and(isNotNull(value), ne(value, '')))) as { id: string; owner: string; env: string }[]
  const table = getTableName(c.table)
  for (const r of rows) {
    const aad = { table, column: c.aadColumn, rowId: r.id, ownerId: r.owner }
    await tx
      .update(c.table)
      .set({ [c.column]: keyring.encrypt(keyring.decrypt(r.env, aad), aad) })
      .where(eq(key, r.id))
  }
  return rows.length
}

/**
 * Re-encrypts every stored secret under the keyring's current key, in one transaction: either
 * all rows and the boot canary move to the new key or none do. Old keys must still be in the
 * keyring to decrypt.
 */
export async function reencryptAll(db: Db, keyring: Keyring) {
  return transaction(db, async (tx) => {
    let rows = 0
    for (const c of COLUMNS) rows += await reencryptColumn(tx, keyring, c)
    await rewriteKeyCheck(tx, keyring)
    return { rows }
  })
}
