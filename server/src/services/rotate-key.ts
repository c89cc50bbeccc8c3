import type { Db } from '../db/client'
import { rewriteKeyCheck } from '../lib/boot'
import type { Keyring } from '../lib/crypto/keyring'

/**
 * Every encrypted column, with how its additional data is bound (see each writer). An empty
 * value is a wiped one (a finished revocation_outbox row): nothing to re-encrypt.
 */
const COLUMNS = [
  {
    table: 'tokens',
    key: 'id',
    column: 'access_token_enc',
    aadColumn: 'access_token',
    owner: 'owner_id',
  },
  {
    table: 'tokens',
    key: 'id',
    column: 'refresh_token_enc',
    aadColumn: 'refresh_token',
    owner: 'owner_id',
  },
  {
    table: 'installations',
    key: 'id',
    column: 'oauth_secret_enc',
    aadColumn: 'oauth_secret',
    owner: 'owner_id',
  },
  {
    table: 'providers',
    key: 'id',
    column: 'client_secret_enc',
    aadColumn: 'client_secret',
    owner: 'owner_id',
  },
  { table: 'webhooks', key: 'id', column: 'secret_enc', aadColumn: 'secret', owner: 'owner_id' },
  {
    table: 'oauth_states',
    key: 'state_hash',
    column: 'code_verifier_enc',
    aadColumn: 'code_verifier',
    owner: 'owner_id',
  },
  {
    table: 'revocation_outbox',
    key: 'id',
    column: 'value_enc',
    aadColumn: 'value',
    owner: 'owner_id',
  },
] as const

/**
 * Re-encrypts every stored secret under the keyring's current key, in one transaction: either
 * all rows move to the new key or none do. Old keys must still be in the keyring to decrypt.
 */
export function reencryptAll(db: Db, keyring: Keyring) {
  const sqlite = db.$client
  let rows = 0
  sqlite.transaction(() => {
    for (const c of COLUMNS) {
      const select = sqlite.prepare(
        `select ${c.key} as id, ${c.owner} as owner, ${c.column} as env from ${c.table} where ${c.column} is not null and ${c.column} != ''`,
      )
      const update = sqlite.prepare(`update ${c.table} set ${c.column} = ? where ${c.key} = ?`)
      for (const r of select.all() as { id: string; owner: string; env: string }[]) {
        const aad = { table: c.table, column: c.aadColumn, rowId: r.id, ownerId: r.owner }
        update.run(keyring.encrypt(keyring.decrypt(r.env, aad), aad), r.id)
        rows++
      }
    }
    rewriteKeyCheck(db, keyring)
  })()
  return { rows }
}
