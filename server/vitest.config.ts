import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from 'vitest/config'

const root = dirname(fileURLToPath(import.meta.url))

const common = {
  root,
  include: ['src/**/*.test.ts'],
  testTimeout: 20_000,
  hookTimeout: 30_000,
  pool: 'forks' as const,
  // Sets each worker's TOKENDESK_DATABASE_URL before a test file imports the schema.
  setupFiles: ['src/test/dialect-env.ts'],
}

/**
 * The server's tests run twice: on SQLite (`server`) and on PostgreSQL (`server-pg`: a throwaway
 * cluster, or TOKENDESK_TEST_DATABASE_URL). `*.sqlite.test.ts` / `*.pg.test.ts` hold what only
 * one dialect has. The root config lists these same projects.
 */
export const serverProjects: TestProjectInlineConfiguration[] = [
  {
    test: {
      ...common,
      name: 'server',
      exclude: [...configDefaults.exclude, '**/*.pg.test.ts'],
      provide: { testDialect: 'sqlite' },
    },
  },
  {
    test: {
      ...common,
      name: 'server-pg',
      exclude: [...configDefaults.exclude, '**/*.sqlite.test.ts'],
      provide: { testDialect: 'pg' },
      globalSetup: ['src/test/pg-global-setup.ts'],
    },
  },
]

export default defineConfig({ test: { projects: serverProjects } })
