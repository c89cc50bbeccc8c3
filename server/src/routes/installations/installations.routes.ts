import { idParamSchema } from '@tokendesk/shared/schemas/common'
import {
  authorizeQuerySchema,
  manualInstallationInputSchema,
  mintInputSchema,
} from '@tokendesk/shared/schemas/installation'
import { desc, eq } from 'drizzle-orm'
import { Hono } from 'hono'
import type { AppDeps, AppEnv, SessionUser } from '../../app-env'
import { addons, installations } from '../../db/schema'
import { who } from '../../lib/client-ip'
import { fail, notFound } from '../../lib/http-error'
import { validate } from '../../lib/validate'
import { guardIds } from '../../middleware/guard-ids'
import { currentUser, requireUser } from '../../middleware/session'
import {
  removeInstallation,
  toInstallationView,
  upsertInstallation,
} from '../../services/installations/installation-store'
import { verifyInstall } from '../../services/installations/verify-install'
import { startAuthorization } from '../../services/oauth/authorization'
import { installationClient } from '../../services/oauth/credentials'
import { requestToken } from '../../services/oauth/token-client'
import { storeIssuedToken } from '../../services/tokens/store-issued-token'
import { visibleTokenView } from '../../services/tokens/token-access'

const parseScopes = (raw: string | undefined) => (raw ?? '').split(/[\s,]+/).filter(Boolean)

export function installationsRoutes(deps: AppDeps) {
  const { db, clock, config, keyring } = deps

  function findInstallation(user: SessionUser, id: string, opts: { manage?: boolean } = {}) {
    const row = db.select().from(installations).where(eq(installations.id, id)).get()
    const visible = row && (row.ownerId === user.id || user.role === 'admin')
    if (!row || !visible) return notFound('Installation')
    if (opts.manage && row.ownerId !== user.id && user.role !== 'admin') notFound('Installation')
    return row
  }

  function clientOf(row: typeof installations.$inferSelect) {
    if (row.status === 'removed' || !row.oauthSecretEnc)
      return fail(409, 'conflict', 'This installation was removed')
    return installationClient(keyring, { ...row, oauthSecretEnc: row.oauthSecretEnc })
  }

  return new Hono<AppEnv>()
    .use(requireUser)
    .use('/:id', guardIds(findInstallation))
    .use('/:id/*', guardIds(findInstallation))
    .get('/', (c) => {
      const user = currentUser(c)
      const rows = db
        .select()
        .from(installations)
        .where(user.role === 'admin' ? undefined : eq(installations.ownerId, user.id))
        .orderBy(desc(installations.installedAt))
        .all()
      return c.json({ items: rows.map((r) => toInstallationView(db, r)), nextCursor: null }, 200)
    })
    .post('/', validate('json', manualInstallationInputSchema), async (c) => {
      const user = currentUser(c)
      const input = c.req.valid('json')
      const { caps, proof } = await verifyInstall(deps, { ...input, roomId: null, scopes: [] })
      const id = upsertInstallation(deps, {
        ...input,
        ownerId: user.id,
        addonId: null,
        caps,
        proof,
        scopes: [],
        groupId: null,
        roomId: null,
        source: 'manual',
        who: who(c, config.trustProxy),
      })
      return c.json(toInstallationView(db, findInstallation(user, id)), 201)
    })
    .get('/:id', validate('param', idParamSchema), (c) =>
      c.json(
        toInstallationView(db, findInstallation(currentUser(c), c.req.valid('param').id)),
        200,
      ),
    )
    .delete('/:id', validate('param', idParamSchema), (c) => {
      const user = currentUser(c)
      const row = findInstallation(user, c.req.valid('param').id, { manage: true })
      if (row.status !== 'removed')
        removeInstallation(deps, row, user.id, who(c, config.trustProxy))
      return c.body(null, 204)
    })
    .post('/:id/verify', validate('param', idParamSchema), async (c) => {
      const user = currentUser(c)
      const row = findInstallation(user, c.req.valid('param').id)
      const result = await requestToken(deps.http, {
        ...clientOf(row),
        params: { grant_type: 'client_credentials' },
      })
      const broken = !result.ok && result.failure.kind === 'invalid_client'
      db.update(installations)
        .set({
          status: result.ok ? 'active' : broken ? 'broken' : row.status,
          lastError: result.ok ? null : result.failure.message.slice(0, 500),
          updatedAt: clock(),
        })
        .where(eq(installations.id, row.id))
        .run()
      return c.json(toInstallationView(db, findInstallation(user, row.id)), 200)
    })
    .post(
      '/:id/tokens',
      validate('param', idParamSchema),
      validate('json', mintInputSchema),
      async (c) => {
        const user = currentUser(c)
        const row = findInstallation(user, c.req.valid('param').id)
        if (row.ownerId !== user.id)
          fail(403, 'forbidden', 'Only the installation’s owner may mint tokens')
        const { scopes } = c.req.valid('json')
        const unknown = scopes.filter((s) => !row.scopes.includes(s))
        if (unknown.length)
          fail(400, 'validation_failed', `Not granted to this installation: ${unknown.join(', ')}`)
        const result = await requestToken(deps.http, {
          ...clientOf(row),
          params: {
            grant_type: 'client_credentials',
            scope: (scopes.length ? scopes : row.scopes).join(' '),
          },
        })
        if (!result.ok)
          fail(502, 'provider_error', `The provider refused: ${result.failure.message}`)
        const addon = row.addonId
          ? db.select({ name: addons.name }).from(addons).where(eq(addons.id, row.addonId)).get()
          : null
        const id = storeIssuedToken(deps, {
          ownerId: user.id,
          kind: 'addon',
          grant: 'client_credentials',
          label: `${addon?.name ?? row.groupName ?? 'Add-on'} token`,
          providerUrl: row.apiUrl,
          installationId: row.id,
          tokens: result.tokens,
          requestedScopes: scopes.length ? scopes : row.scopes,
          groupId: row.groupId,
          groupName: row.groupName,
          roomId: row.roomId,
          actorId: user.id,
          who: who(c, config.trustProxy),
        })
        return c.json(visibleTokenView(deps, user, id), 201)
      },
    )
    .get(
      '/:id/authorize',
      validate('param', idParamSchema),
      validate('query', authorizeQuerySchema),
      (c) => {
        const user = currentUser(c)
        const row = findInstallation(user, c.req.valid('param').id)
        if (row.ownerId !== user.id)
          fail(403, 'forbidden', 'Only the installation’s owner may connect users')
        if (row.status !== 'active' || !row.authorizationUrl)
          fail(409, 'conflict', 'This installation cannot connect users')
        const requested = parseScopes(c.req.valid('query').scopes)
        const url = startAuthorization(deps, {
          sessionHash: c.get('auth')?.sessionIdHash ?? '',
          ownerId: user.id,
          authorizationUrl: row.authorizationUrl,
          clientId: row.oauthId,
          scopes: requested.length ? requested : row.scopes,
          installationId: row.id,
        })
        return c.redirect(url, 302)
      },
    )
}
