import { idParamSchema } from '@tokendesk/shared/schemas/common'
import { installCallbackSchema } from '@tokendesk/shared/schemas/installation'
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppDeps, AppEnv } from '../../app-env'
import { who } from '../../lib/client-ip'
import { validate } from '../../lib/validate'
import { limitBody } from '../../middleware/security'
import { addonDescriptor, installAddon } from '../../services/addons/addons'
import { uninstallFromProvider } from '../../services/installations/uninstall'

const uninstallParamSchema = z.object({
  id: idParamSchema.shape.id,
  oauthId: z.string().min(1).max(200),
})

/**
 * The provider-facing side of an add-on: its public descriptor and the install/uninstall
 * callbacks. No session here; authenticity comes from the checks in verifyInstall.
 */
export function addonInstallRoutes(deps: AppDeps) {
  const { config } = deps
  return new Hono<AppEnv>()
    .get('/:id/descriptor', validate('param', idParamSchema), async (c) => {
      const descriptor = await addonDescriptor(deps, c.req.valid('param').id)
      c.header('Cache-Control', 'no-cache')
      return c.json(descriptor, 200)
    })
    .post(
      '/:id/installable',
      limitBody(16 * 1024),
      validate('param', idParamSchema),
      validate('json', installCallbackSchema),
      async (c) => {
        const id = await installAddon(
          deps,
          c.req.valid('param').id,
          c.req.valid('json'),
          who(c, config.trustProxy),
        )
        return c.json({ id }, 201)
      },
    )
    .delete('/:id/installable/:oauthId', validate('param', uninstallParamSchema), async (c) => {
      const { id, oauthId } = c.req.valid('param')
      await uninstallFromProvider(deps, { addonId: id, oauthId, who: who(c, config.trustProxy) })
      return c.body(null, 204)
    })
}
