import { inject } from 'vitest'

/**
 * Runs in each server test worker before the test file is imported: `schema.ts` chooses its
 * dialect from `TOKENDESK_DATABASE_URL` at import, so the env must say which project this is.
 * The `server-pg` project takes its template from its globalSetup (`pg-global-setup.ts`); the
 * SQLite project runs on SQLite whatever the shell that started the run had set.
 */
if (inject('testDialect') === 'pg') {
  const templateUrl = inject('pgTemplateUrl')
  if (!templateUrl) {
    throw new Error(
      inject('pgSetupError') ?? 'server-pg ran without its globalSetup (pg-global-setup.ts)',
    )
  }
  process.env.TOKENDESK_DATABASE_URL = templateUrl
} else {
  delete process.env.TOKENDESK_DATABASE_URL
}
