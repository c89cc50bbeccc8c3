import { idSchema } from '@tokendesk/shared/schemas/common'
import { createMiddleware } from 'hono/factory'
import type { AppEnv, SessionUser } from '../app-env'
import { notFound } from '../lib/http-error'

/**
 * Resolves `:id` for the signed-in caller before any body is validated, so an invisible id
 * answers 404 whatever the request carries. `check` throws or rejects (404) when the caller may
 * not see it.
 */
export function guardIds(check: (user: SessionUser, id: string) => unknown) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const id = c.req.param('id')
    const user = c.get('auth')?.user
    if (id !== undefined && user) {
      if (!idSchema.safeParse(id).success) notFound()
      await check(user, id)
    }
    await next()
  })
}
