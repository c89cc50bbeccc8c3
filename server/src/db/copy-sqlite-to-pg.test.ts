import { is } from 'drizzle-orm'
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core'
import { describe, expect, it } from 'vitest'
import { COPIED_TABLES, SEALED_COLUMNS } from './copy-sqlite-to-pg'
import * as pgSchema from './schema-pg'

const tables = (Object.values(pgSchema) as unknown[]).filter((v): v is PgTable => is(v, PgTable))

describe('migrate-to-postgres covers the whole schema', () => {
  it('copies every table', () => {
    expect([...COPIED_TABLES].sort()).toEqual(tables.map((t) => getTableConfig(t).name).sort())
  })

  it('verifies every sealed column (every column named *_enc)', () => {
    const sealed = tables.flatMap((t) => {
      const c = getTableConfig(t)
      return c.columns
        .filter((col) => col.name.endsWith('_enc'))
        .map((col) => `${c.name}.${col.name}`)
    })
    expect(SEALED_COLUMNS.map((c) => `${c.table}.${c.column}`).sort()).toEqual(sealed.sort())
  })
})
