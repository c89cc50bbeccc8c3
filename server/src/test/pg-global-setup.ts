import { execFileSync } from 'node:child_process'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { NoPostgresError, startTestPostgres, type TestPostgres } from './pg-cluster'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Which database the server project's tests run on (set in vitest.config.ts). */
    testDialect?: 'sqlite' | 'pg'
    /** The migrated template database `createTestApp` clones on PostgreSQL. */
    pgTemplateUrl?: string
    /** Why no PostgreSQL could be had: every PostgreSQL test file fails with it. */
    pgSetupError?: string
  }
}

/**
 * globalSetup of the `server-pg` project: a PostgreSQL server (see `pg-cluster.ts`) and one
 * migrated template database with the key canary, which every test app clones. Workers get the
 * template's URL through `provide`, applied to their env by `dialect-env.ts`: setting it in this
 * process's env would leak into the SQLite project's workers too.
 */
export default async function setup(project: TestProject) {
  let server: TestPostgres | undefined
  let template: string | undefined
  try {
    requirePsql()
    server = await startTestPostgres()
    template = `td_template_${Date.now().toString(36)}_${process.pid}`
    await adminQuery(server.url, `create database "${template}"`)
    const url = databaseUrl(server.url, template)
    await migrate(url)
    // Clones only copy it; nobody may connect to it, since a session on a template blocks copies.
    await adminQuery(
      server.url,
      `alter database "${template}" with is_template true allow_connections false`,
    )
    project.provide('pgTemplateUrl', url)
  } catch (err) {
    const message =
      err instanceof NoPostgresError
        ? err.message
        : `PostgreSQL test setup failed: ${(err as Error).stack ?? err}`
    console.error(`server-pg: ${message}`)
    project.provide('pgSetupError', message)
  }
  return async () => {
    if (!server) return
    if (template && server.external) {
      await adminQuery(server.url, `alter database "${template}" is_template false`)
      await adminQuery(server.url, `drop database "${template}" with (force)`)
    }
    await server.stop()
  }
}

/** `createTestApp` clones the template with psql (synchronously), so it must be on PATH. */
function requirePsql() {
  try {
    execFileSync('psql', ['--version'], { stdio: 'ignore' })
  } catch {
    throw new NoPostgresError(
      'psql (the PostgreSQL client) is not on PATH; the PostgreSQL tests clone databases with it. Install it (Debian: apt-get install postgresql-client).',
    )
  }
}

/** Migrates the template and writes the key canary, as a replica's first start would. */
async function migrate(url: string) {
  const previous = process.env.TOKENDESK_DATABASE_URL
  // schema.ts picks its dialect at import, so the env must be set before boot.ts is loaded.
  process.env.TOKENDESK_DATABASE_URL = url
  try {
    const { openPgDatabase } = await import('../lib/boot')
    const { closeDatabase } = await import('../db/client')
    const { TEST_MASTER_KEY } = await import('./test-app')
    const { db } = await openPgDatabase({
      databaseUrl: url,
      databasePoolSize: 2,
      masterKey: TEST_MASTER_KEY,
      oldKeys: [],
    })
    await closeDatabase(db)
  } finally {
    if (previous === undefined) delete process.env.TOKENDESK_DATABASE_URL
    else process.env.TOKENDESK_DATABASE_URL = previous
  }
}

function databaseUrl(serverUrl: string, database: string) {
  const url = new URL(serverUrl)
  url.pathname = `/${database}`
  return url.href
}

async function adminQuery(url: string, statement: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}
