import { type Column, getTableName, is, SQL, StringChunk } from 'drizzle-orm'
import * as pgCore from 'drizzle-orm/pg-core'
import * as sqliteCore from 'drizzle-orm/sqlite-core'
import { describe, expect, it } from 'vitest'
import * as pgSchema from './schema-pg'
import * as sqliteSchema from './schema-sqlite'

/**
 * Services are written once against `schema.ts`, which hands them SQLite's or PostgreSQL's
 * tables: the two files must describe the same database. Each table is reduced to a
 * dialect-neutral description (column types mapped to what the application sees) and the two
 * descriptions must be equal.
 */

/** The type the application sees, whatever the dialect stores it as. */
function logicalType(column: Column): string {
  const c = column as Column & { autoIncrement?: boolean }
  switch (column.columnType) {
    case 'SQLiteInteger':
      return c.autoIncrement ? 'serial' : 'integer'
    case 'PgInteger':
    case 'PgBigInt53':
    case 'PgBigInt64':
      return 'integer'
    case 'PgSerial':
    case 'PgBigSerial53':
    case 'PgBigSerial64':
      return 'serial'
    case 'SQLiteBoolean':
    case 'PgBoolean':
      return 'boolean'
    case 'SQLiteText':
    case 'PgText':
      return 'text'
    case 'SQLiteTextJson':
    case 'PgJson':
    case 'PgJsonb':
      return 'json'
    case 'SQLiteReal':
    case 'PgDoublePrecision':
    case 'PgReal':
      return 'double'
    default:
      return `unmapped ${column.columnType}`
  }
}

/** SQL written in a schema (index expressions, generated columns, defaults) as plain text. */
function sqlText(value: unknown): string {
  if (is(value, SQL)) return value.queryChunks.map(sqlText).join('')
  if (is(value, StringChunk)) return value.value.join('')
  if (value && typeof value === 'object' && 'name' in value) return String(value.name)
  return String(value)
}

/** A default as the value it produces: `sql\`'[30,7,1]'\`` on SQLite is `[30, 7, 1]` on PostgreSQL. */
function defaultValue(column: Column) {
  if (!column.hasDefault) return undefined
  if (column.defaultFn) return 'computed by a function'
  if (!is(column.default, SQL)) return column.default
  const text = sqlText(column.default).trim()
  const quoted = /^'(.*)'$/s.exec(text)
  if (!quoted) return `sql ${text}`
  const literal = (quoted[1] ?? '').replaceAll("''", "'")
  try {
    return JSON.parse(literal)
  } catch {
    return literal
  }
}

type TableConfig =
  | ReturnType<typeof pgCore.getTableConfig>
  | ReturnType<typeof sqliteCore.getTableConfig>

function describeTable(config: TableConfig) {
  const columns = Object.fromEntries(
    config.columns.map((column) => [
      column.name,
      {
        type: logicalType(column),
        notNull: column.notNull,
        default: defaultValue(column),
        enum: column.enumValues ?? null,
        unique: column.isUnique,
        generated: column.generated ? sqlText(column.generated.as) : null,
      },
    ]),
  )
  const single = config.columns.filter((c) => c.primary).map((c) => [c.name])
  const composite = config.primaryKeys.map((pk) => pk.columns.map((c) => c.name))
  const indexes = config.indexes
    .map(({ config: index }) => ({
      name: index.name,
      unique: index.unique,
      columns: index.columns.map(sqlText),
      where: index.where ? sqlText(index.where) : null,
    }))
    .sort((a, b) => String(a.name).localeCompare(String(b.name)))
  const foreignKeys = config.foreignKeys
    .map((fk) => {
      const ref = fk.reference()
      return {
        columns: ref.columns.map((c) => c.name),
        table: getTableName(ref.foreignTable),
        foreignColumns: ref.foreignColumns.map((c) => c.name),
        // Unset means NO ACTION in both dialects; PostgreSQL's builder spells it out.
        onDelete: fk.onDelete ?? 'no action',
        onUpdate: fk.onUpdate ?? 'no action',
      }
    })
    .sort((a, b) => a.columns.join().localeCompare(b.columns.join()))
  const uniqueConstraints = config.uniqueConstraints
    .map((u) => ({ name: u.getName(), columns: u.columns.map((c) => c.name) }))
    .sort((a, b) => String(a.name).localeCompare(String(b.name)))
  const checks = config.checks.map((c) => c.name).sort()
  return {
    name: config.name,
    columns,
    primaryKey: [...single, ...composite],
    indexes,
    foreignKeys,
    uniqueConstraints,
    checks,
  }
}

function tablesOf(schema: Record<string, unknown>, dialect: 'sqlite' | 'pg') {
  const tables = new Map<string, ReturnType<typeof describeTable>>()
  for (const [exportName, value] of Object.entries(schema)) {
    if (dialect === 'pg' && is(value, pgCore.PgTable)) {
      tables.set(exportName, describeTable(pgCore.getTableConfig(value)))
    }
    if (dialect === 'sqlite' && is(value, sqliteCore.SQLiteTable)) {
      tables.set(exportName, describeTable(sqliteCore.getTableConfig(value)))
    }
  }
  return tables
}

/** Every difference between the two descriptions, one line each, so a failure says what to fix. */
function differences(
  sqlite: Map<string, ReturnType<typeof describeTable>>,
  pg: Map<string, ReturnType<typeof describeTable>>,
) {
  const out: string[] = []
  const names = [...new Set([...sqlite.keys(), ...pg.keys()])].sort()
  for (const name of names) {
    const a = sqlite.get(name)
    const b = pg.get(name)
    if (!a || !b) {
      out.push(`table export ${name}: only in ${a ? 'schema-sqlite.ts' : 'schema-pg.ts'}`)
      continue
    }
    if (a.name !== b.name) out.push(`${name}: table name ${a.name} (sqlite) vs ${b.name} (pg)`)
    const columns = [...new Set([...Object.keys(a.columns), ...Object.keys(b.columns)])].sort()
    for (const column of columns) {
      const ca = a.columns[column]
      const cb = b.columns[column]
      if (!ca || !cb) {
        out.push(`${a.name}.${column}: only in ${ca ? 'schema-sqlite.ts' : 'schema-pg.ts'}`)
        continue
      }
      for (const key of Object.keys(ca) as (keyof typeof ca)[]) {
        if (JSON.stringify(ca[key]) !== JSON.stringify(cb[key])) {
          out.push(
            `${a.name}.${column} ${key}: ${JSON.stringify(ca[key])} (sqlite) vs ${JSON.stringify(cb[key])} (pg)`,
          )
        }
      }
    }
    for (const key of [
      'primaryKey',
      'indexes',
      'foreignKeys',
      'uniqueConstraints',
      'checks',
    ] as const) {
      if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) {
        out.push(
          `${a.name} ${key}: ${JSON.stringify(a[key])} (sqlite) vs ${JSON.stringify(b[key])} (pg)`,
        )
      }
    }
  }
  return out
}

describe('schema-sqlite.ts and schema-pg.ts', () => {
  const sqlite = tablesOf(sqliteSchema, 'sqlite')
  const pg = tablesOf(pgSchema, 'pg')

  it('describe the same tables, columns, keys and indexes', () => {
    expect(sqlite.size).toBeGreaterThan(10)
    expect(differences(sqlite, pg)).toEqual([])
  })

  it('map every column to a type the comparison knows', () => {
    const unmapped = [...sqlite.values(), ...pg.values()].flatMap((t) =>
      Object.entries(t.columns)
        .filter(([, c]) => c.type.startsWith('unmapped'))
        .map(([name, c]) => `${t.name}.${name}: ${c.type}`),
    )
    expect(unmapped).toEqual([])
  })

  it('export the same constants', () => {
    expect(sqliteSchema.NO_EXPIRY).toBe(pgSchema.NO_EXPIRY)
    expect(sqliteSchema.TOKEN_KINDS).toEqual(pgSchema.TOKEN_KINDS)
  })
})

describe('the comparison itself', () => {
  const base = {
    sqlite: sqliteCore.sqliteTable(
      'things',
      {
        id: sqliteCore.integer('id').primaryKey({ autoIncrement: true }),
        ownerId: sqliteCore.text('owner_id').notNull(),
        on: sqliteCore.integer('on', { mode: 'boolean' }).notNull().default(false),
        tags: sqliteCore.text('tags', { mode: 'json' }).$type<string[]>(),
        at: sqliteCore.integer('at').notNull(),
      },
      (t) => [sqliteCore.index('things_owner_idx').on(t.ownerId, t.at)],
    ),
    pg: pgCore.pgTable(
      'things',
      {
        id: pgCore.bigserial('id', { mode: 'number' }).primaryKey(),
        ownerId: pgCore.text('owner_id').notNull(),
        on: pgCore.boolean('on').notNull().default(false),
        tags: pgCore.jsonb('tags').$type<string[]>(),
        at: pgCore.bigint('at', { mode: 'number' }).notNull(),
      },
      (t) => [pgCore.index('things_owner_idx').on(t.ownerId, t.at)],
    ),
  }
  const compare = (sqlite: unknown, pg: unknown) =>
    differences(tablesOf({ things: sqlite }, 'sqlite'), tablesOf({ things: pg }, 'pg'))

  it('accepts the same table in both dialects', () => {
    expect(compare(base.sqlite, base.pg)).toEqual([])
  })

  it('notices a column added to one file only', () => {
    const withExtra = pgCore.pgTable(
      'things',
      {
        id: pgCore.bigserial('id', { mode: 'number' }).primaryKey(),
        ownerId: pgCore.text('owner_id').notNull(),
        on: pgCore.boolean('on').notNull().default(false),
        tags: pgCore.jsonb('tags').$type<string[]>(),
        at: pgCore.bigint('at', { mode: 'number' }).notNull(),
        note: pgCore.text('note'),
      },
      (t) => [pgCore.index('things_owner_idx').on(t.ownerId, t.at)],
    )
    expect(compare(base.sqlite, withExtra)).toEqual(['things.note: only in schema-pg.ts'])
  })

  it('notices a different nullability, type, default, index or foreign key', () => {
    const changed = pgCore.pgTable(
      'things',
      {
        id: pgCore.bigserial('id', { mode: 'number' }).primaryKey(),
        ownerId: pgCore
          .text('owner_id')
          .notNull()
          .references(() => base.pg.id as never, { onDelete: 'cascade' }),
        on: pgCore.boolean('on').notNull().default(true),
        tags: pgCore.text('tags'),
        at: pgCore.bigint('at', { mode: 'number' }),
      },
      (t) => [pgCore.index('things_owner_idx').on(t.ownerId)],
    )
    expect(compare(base.sqlite, changed)).toEqual([
      'things.at notNull: true (sqlite) vs false (pg)',
      'things.on default: false (sqlite) vs true (pg)',
      'things.tags type: "json" (sqlite) vs "text" (pg)',
      expect.stringMatching(
        /^things indexes: .*"columns":\["owner_id","at"\].*"columns":\["owner_id"\]/,
      ),
      expect.stringMatching(/^things foreignKeys: \[\] \(sqlite\) vs .*"onDelete":"cascade"/),
    ])
  })
})
