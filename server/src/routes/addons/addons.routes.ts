import { idParamSchema } from '@tokendesk/shared/schemas/common'
import type { AddonView } from '@tokendesk/shared/schemas/installation'
import { createAddonInputSchema } from '@tokendesk/shared/schemas/installation'
import { and, asc, count, eq } from 'drizzle-orm'
import { Hono } from 'hono'
import type { AppDeps, AppEnv, SessionUser } from '../../app-env'
import type { Db } from '../../db/client'
import { newId } from '../../db/ids'
import { addons, installations } from '../../db/schema'
import { who } from '../../lib/client-ip'
import { fail, notFound } from '../../lib/http-error'
import { validate } from '../../lib/validate'
import { currentUser, requireUser } from '../../middleware/session'
import { recordAudit } from '../../services/audit'

type AddonRow = typeof addons.$inferSelect

export const descriptorUrl = (publicUrl: string, id: string) =>
  `${publicUrl}/api/addons/${id}/descriptor`
export const callbackUrl = (publicUrl: string, id: string) =>
  `${publicUrl}/api/addons/${id}/installable`

function toAddonView(db: Db, publicUrl: string, row: AddonRow): AddonView {
  const installationCount =
    db
      .select({ n: count() })
      .from(installations)
      .where(and(eq(installations.addonId, row.id), eq(installations.status, 'active')))
      .get()?.n ?? 0
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    description: row.description,
    scopes: row.scopes,
    allowGlobal: row.allowGlobal,
    allowRoom: row.allowRoom,
    descriptorUrl: descriptorUrl(publicUrl, row.id),
    callbackUrl: callbackUrl(publicUrl, row.id),
    installationCount,
    createdAt: new Date(row.createdAt).toISOString(),
  }
}

function findAddon(db: Db, user: SessionUser, id: string) {
  const row = db.select().from(addons).where(eq(addons.id, id)).get()
  if (!row || (row.ownerId !== user.id && user.role !== 'admin')) return notFound('Add-on')
  return row
}

export function addonsRoutes({ db, clock, config }: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireUser)
    .get('/', (c) => {
      const user = currentUser(c)
      const rows = db
        .select()
        .from(addons)
        .where(user.role === 'admin' ? undefined : eq(addons.ownerId, user.id))
        .orderBy(asc(addons.name))
        .all()
      return c.json(
        { items: rows.map((r) => toAddonView(db, config.publicUrl, r)), nextCursor: null },
        200,
      )
    })
    .post('/', validate('json', createAddonInputSchema), (c) => {
      const user = currentUser(c)
      const input = c.req.valid('json')
      if (db.select({ id: addons.id }).from(addons).where(eq(addons.key, input.key)).get()) {
        fail(409, 'conflict', 'An add-on with this key exists')
      }
      const row: AddonRow = {
        id: newId(),
        ownerId: user.id,
        description: '',
        createdAt: clock(),
        ...input,
      }
      db.insert(addons).values(row).run()
      recordAudit(db, {
        ...who(c, config.trustProxy),
        at: clock(),
        actorId: user.id,
        action: 'addon.created',
        targetType: 'addon',
        targetId: row.id,
        ownerId: user.id,
        detail: { key: row.key },
      })
      return c.json(toAddonView(db, config.publicUrl, row), 201)
    })
    .get('/:id', validate('param', idParamSchema), (c) =>
      c.json(
        toAddonView(db, config.publicUrl, findAddon(db, currentUser(c), c.req.valid('param').id)),
        200,
      ),
    )
}
