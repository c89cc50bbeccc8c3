import { idParamSchema } from '@tokendesk/shared/schemas/common'
import { installCallbackSchema } from '@tokendesk/shared/schemas/installation'
import { eq } from 'drizzle-orm'
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppDeps, AppEnv } from '../../app-env'
import { addons } from '../../db/schema'
import { who } from '../../lib/client-ip'
import { notFound } from '../../lib/http-error'
import { validate } from '../../lib/validate'
import { limitBody } from '../../middleware/security'
import { upsertInstallation } from '../../services/installations/installation-store'
import { uninstallFromProvider } from '../../services/installations/uninstall'
import { verifyInstall } from '../../services/installations/verify-install'
import { callbackUrl, descriptorUrl } from './addons.routes'

const uninstallParamSchema = z.object({
  id: idParamSchema.shape.id,
  oauthId: z.string().min(1).max(200),
})

/**
 * The provider-facing side of an add-on: its public descriptor and the install/uninstall
 * callbacks. No session here; authenticity comes from the checks in verifyInstall.
 */
export function addonInstallRoutes(deps: AppDeps) {
  const { db, config } = deps
  const findAddon = (id: string) =>
    db.select().from(addons).where(eq(addons.id, id)).get() ?? notFound('Add-on')

  return new Hono<AppEnv>()
    .get('/:id/descriptor', validate('param', idParamSchema), (c) => {
      const addon = findAddon(c.req.valid('param').id)
      const self = descriptorUrl(config.publicUrl, addon.id)
      c.header('Cache-Control', 'no-cache')
      return c.json(
        {
          key: addon.key,
          name: addon.name,
          description: addon.description,
          vendor: { name: 'Token Desk', url: config.publicUrl },
          links: { self, homepage: config.publicUrl },
          capabilities: {
            hipchatApiConsumer: { scopes: addon.scopes, fromName: addon.name },
            installable: {
              allowGlobal: addon.allowGlobal,
              allowRoom: addon.allowRoom,
              callbackUrl: callbackUrl(config.publicUrl, addon.id),
            },
          },
        },
        200,
      )
    })
    .post(
      '/:id/installable',
      limitBody(16 * 1024),
      validate('param', idParamSchema),
      validate('json', installCallbackSchema),
      async (c) => {
        const addon = findAddon(c.req.valid('param').id)
        const body = c.req.valid('json')
        const roomId =
          body.roomId === undefined || body.roomId === null ? null : String(body.roomId)
        const { caps, proof } = await verifyInstall(deps, {
          oauthId: body.oauthId,
          oauthSecret: body.oauthSecret,
          capabilitiesUrl: body.capabilitiesUrl,
          roomId,
          scopes: addon.scopes,
          policy: { allowGlobal: addon.allowGlobal, allowRoom: addon.allowRoom },
        })
        const id = upsertInstallation(deps, {
          ownerId: addon.ownerId,
          addonId: addon.id,
          oauthId: body.oauthId,
          oauthSecret: body.oauthSecret,
          capabilitiesUrl: body.capabilitiesUrl,
          caps,
          proof,
          scopes: addon.scopes,
          groupId: String(body.groupId),
          roomId,
          source: 'callback',
          who: who(c, config.trustProxy),
        })
        return c.json({ id }, 201)
      },
    )
    .delete('/:id/installable/:oauthId', validate('param', uninstallParamSchema), async (c) => {
      const { id, oauthId } = c.req.valid('param')
      await uninstallFromProvider(deps, { addonId: id, oauthId, who: who(c, config.trustProxy) })
      return c.body(null, 204)
    })
}
