import { idParamSchema } from '@tokendesk/shared/schemas/common'
import {
  authorizeQuerySchema,
  createProviderInputSchema,
  mintInputSchema,
  type ProviderView,
} from '@tokendesk/shared/schemas/installation'
import { asc, count, eq } from 'drizzle-orm'
import { Hono } from 'hono'
import type { AppDeps, AppEnv, SessionUser } from '../../app-env'
import { newId } from '../../db/ids'
import { providers, tokens } from '../../db/schema'
import { who } from '../../lib/client-ip'
import { fail, notFound } from '../../lib/http-error'
import { OutboundError, vetUrl } from '../../lib/outbound/guarded-fetch'
import { validate } from '../../lib/validate'
import { guardIds } from '../../middleware/guard-ids'
import { currentUser, requireUser } from '../../middleware/session'
import { recordAudit } from '../../services/audit'
import { startAuthorization } from '../../services/oauth/authorization'
import { providerClient, providerSecretAad } from '../../services/oauth/credentials'
import { requestToken } from '../../services/oauth/token-client'
import { storeIssuedToken } from '../../services/tokens/store-issued-token'
import { visibleTokenView } from '../../services/tokens/token-access'

type ProviderRow = typeof providers.$inferSelect

export function providersRoutes(deps: AppDeps) {
  const { db, clock, config, keyring } = deps
  const view = (row: ProviderRow): ProviderView => ({
    id: row.id,
    name: row.name,
    tokenUrl: row.tokenUrl,
    authorizationUrl: row.authorizationUrl,
    revocationUrl: row.revocationUrl,
    introspectionUrl: row.introspectionUrl,
    clientId: row.clientId,
    clientAuth: row.clientAuth,
    scopes: row.scopes,
    tokenCount:
      db.select({ n: count() }).from(tokens).where(eq(tokens.providerId, row.id)).get()?.n ?? 0,
    createdAt: new Date(row.createdAt).toISOString(),
  })
  const find = (user: SessionUser, id: string) => {
    const row = db.select().from(providers).where(eq(providers.id, id)).get()
    if (!row || (row.ownerId !== user.id && user.role !== 'admin')) return notFound('Provider')
    return row
  }
  const own = (user: SessionUser, row: ProviderRow) => {
    if (row.ownerId !== user.id)
      fail(403, 'forbidden', 'Only the provider’s owner may use its client')
  }

  return new Hono<AppEnv>()
    .use(requireUser)
    .use('/:id', guardIds(find))
    .use('/:id/*', guardIds(find))
    .get('/', (c) => {
      const user = currentUser(c)
      const rows = db
        .select()
        .from(providers)
        .where(user.role === 'admin' ? undefined : eq(providers.ownerId, user.id))
        .orderBy(asc(providers.name))
        .all()
      return c.json({ items: rows.map(view), nextCursor: null }, 200)
    })
    .post('/', validate('json', createProviderInputSchema), async (c) => {
      const user = currentUser(c)
      const input = c.req.valid('json')
      for (const url of [input.tokenUrl, input.revocationUrl, input.introspectionUrl]) {
        if (!url) continue
        try {
          await vetUrl(url, { trusted: config.trustedProviders })
        } catch (err) {
          if (err instanceof OutboundError)
            fail(403, 'provider_untrusted', `${url}: ${err.message}`)
          throw err
        }
      }
      const id = newId()
      const row: ProviderRow = {
        id,
        ownerId: user.id,
        name: input.name,
        tokenUrl: input.tokenUrl,
        authorizationUrl: input.authorizationUrl ?? null,
        revocationUrl: input.revocationUrl ?? null,
        introspectionUrl: input.introspectionUrl ?? null,
        clientId: input.clientId,
        clientSecretEnc: keyring.encrypt(
          input.clientSecret,
          providerSecretAad({ id, ownerId: user.id }),
        ),
        clientAuth: input.clientAuth,
        scopes: input.scopes,
        createdAt: clock(),
      }
      db.insert(providers).values(row).run()
      recordAudit(db, {
        ...who(c, config.trustProxy),
        at: clock(),
        actorId: user.id,
        action: 'provider.created',
        targetType: 'provider',
        targetId: id,
        ownerId: user.id,
        detail: { name: row.name },
      })
      return c.json(view(row), 201)
    })
    .get('/:id', validate('param', idParamSchema), (c) =>
      c.json(view(find(currentUser(c), c.req.valid('param').id)), 200),
    )
    .post(
      '/:id/tokens',
      validate('param', idParamSchema),
      validate('json', mintInputSchema),
      async (c) => {
        const user = currentUser(c)
        const p = find(user, c.req.valid('param').id)
        own(user, p)
        const scopes = c.req.valid('json').scopes.length ? c.req.valid('json').scopes : p.scopes
        const result = await requestToken(deps.http, {
          ...providerClient(keyring, p),
          params: {
            grant_type: 'client_credentials',
            ...(scopes.length ? { scope: scopes.join(' ') } : {}),
          },
        })
        if (!result.ok)
          fail(502, 'provider_error', `The provider refused: ${result.failure.message}`)
        const id = storeIssuedToken(deps, {
          ownerId: user.id,
          kind: 'oauth',
          grant: 'client_credentials',
          label: `${p.name} client token`,
          providerUrl: p.tokenUrl,
          providerId: p.id,
          tokens: result.tokens,
          requestedScopes: scopes,
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
        const p = find(user, c.req.valid('param').id)
        own(user, p)
        if (!p.authorizationUrl) fail(409, 'conflict', 'This provider has no authorization URL')
        const requested = (c.req.valid('query').scopes ?? '').split(/[\s,]+/).filter(Boolean)
        const url = startAuthorization(deps, {
          sessionHash: c.get('auth')?.sessionIdHash ?? '',
          ownerId: user.id,
          authorizationUrl: p.authorizationUrl,
          clientId: p.clientId,
          scopes: requested.length ? requested : p.scopes,
          providerId: p.id,
        })
        return c.redirect(url, 302)
      },
    )
}
