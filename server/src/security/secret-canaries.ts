import { sql } from 'drizzle-orm'
import { type Db, dialectOf } from '../db/client'
import { rawRows } from '../db/raw'
import type { startTestEmulator } from '../test/emulator-fixture'
import { signedIn, type TestApp } from '../test/test-app'

/**
 * Secret values a test can look for afterwards: two pasted tokens (revealed once each), one the
 * provider rejected, and a wrong password. Returns the values; none may be stored or logged.
 */
export async function plantSecretCanaries(
  t: TestApp,
  hip: Awaited<ReturnType<typeof startTestEmulator>>,
) {
  const ann = await signedIn(t, 'ann@example.com')
  const canaries: string[] = []
  for (const kind of ['personal', 'notification'] as const) {
    const canary = `CANARY-${kind}-${crypto.randomUUID()}`
    canaries.push(canary)
    const res = await ann.api.tokens.$post({
      json: {
        kind,
        label: `canary ${kind}`,
        value: canary,
        providerUrl: 'https://untrusted.example.com/v2/',
        allowUnverified: true,
      },
    })
    if (res.status !== 201) throw new Error(`paste failed: ${res.status}`)
    const { id } = await res.json()
    await ann.api.tokens[':id'].reveal.$post({ param: { id }, json: { purpose: 'copy' } })
  }
  const rejected = `CANARY-rejected-${crypto.randomUUID()}`
  canaries.push(rejected)
  await ann.api.tokens.$post({
    json: {
      kind: 'personal',
      label: 'bad',
      value: rejected,
      providerUrl: `${hip.emulator.url}/v2/`,
    },
  })
  const pw = `CANARY-password-${crypto.randomUUID()}`
  canaries.push(pw)
  await t.agent().api.auth.login.$post({ json: { email: 'ann@example.com', password: pw } })
  return canaries
}

/** Every row of every table of the database, as one text to search. */
export async function allTablesText(db: Db) {
  const tables =
    dialectOf(db) === 'pg'
      ? await rawRows<{ name: string }>(
          db,
          sql`select tablename as name from pg_tables where schemaname = current_schema()`,
        )
      : await rawRows<{ name: string }>(
          db,
          sql`select name from sqlite_master where type = 'table'`,
        )
  const rows = await Promise.all(
    tables.map(({ name }) => rawRows(db, sql`select * from ${sql.identifier(name)}`)),
  )
  return JSON.stringify(rows)
}
