import { zValidator } from '@hono/zod-validator'
import type { ValidationTargets } from 'hono'
import type { ZodType } from 'zod'
import { ApiError } from './http-error'

/** zValidator with the house failure shape: 400 `validation_failed` plus the issues. */
export function validate<Target extends keyof ValidationTargets, Schema extends ZodType>(
  target: Target,
  schema: Schema,
) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      const issues = result.error.issues.map((i) => ({
        path: i.path.join('.'),
        message: i.message,
      }))
      const status = target === 'param' ? 404 : 400
      if (status === 404) throw new ApiError(404, 'not_found', 'Resource not found')
      throw new ApiError(400, 'validation_failed', `Invalid ${target}`, issues)
    }
  })
}
