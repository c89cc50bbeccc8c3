import { eq } from 'drizzle-orm'
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppDeps, AppEnv } from '../../app-env'
import { installations, providers } from '../../db/schema'
import { who } from '../../lib/client-ip'
import { ApiError } from '../../lib/http-error'
import { validate } from '../../lib/validate'
import { lookupSession } from '../../services/hipchat/session'
import { consumeState, redirectUri } from '../../services/oauth/authorization'
import { installationClient, providerClient } from '../../services/oauth/credentials'
import { requestToken, type TokenRequest } from '../../services/oauth/token-client'
import { checkRenewTarget, readToken, renewGrant } from '../../services/tokens/renew-grant'
import { storeIssuedToken } from '../../services/tokens/store-issued-token'
import { callbackPage } from './callback-page'

const callbackQuerySchema = z.object({
  code: z.string().max(2000).optional(),
  state: z.string().max(500).optional(),
  error: z.string().max(200).optional(),
})

export function oauthRoutes(deps: AppDeps) {
  const { db, keyring, config } = deps
  return new Hono<AppEnv>().get('/callback', validate('query', callbackQuerySchema), async (c) => {
    const q = c.req.valid('query')
    const auth = c.get('auth')
    let flow: ReturnType<typeof consumeState>
    try {
      flow = consumeState(deps, q.state, auth?.sessionIdHash ?? null)
    } catch (err) {
      if (err instanceof ApiError)
        return c.html(callbackPage('Sign-in link not valid', err.message), 400)
      throw err
    }
    // A reconnect renews the token it was started for; every page of it leads back there.
    const target = flow.tokenId
      ? {
          tokenId: flow.tokenId,
          ownerId: flow.ownerId,
          installationId: flow.installationId,
          providerId: flow.providerId,
        }
      : null
    const back = target ? `/tokens/${target.tokenId}` : undefined
    const notReconnected = (message: string) =>
      c.html(
        callbackPage('The token was not reconnected', `${message} Nothing was changed.`, back),
        409,
      )
    if (q.error) {
      const denied = q.error === 'access_denied'
      return c.html(
        callbackPage(
          denied ? 'Connection cancelled' : 'The provider reported an error',
          denied
            ? 'You declined the request at the provider, so nothing was stored.'
            : `The provider answered “${q.error}”. Nothing was stored.`,
          back,
        ),
        denied ? 200 : 400,
      )
    }
    if (!q.code)
      return c.html(
        callbackPage('Sign-in link not valid', 'The provider sent no authorization code.', back),
        400,
      )
    if (target) {
      // Checked before the code is spent too, so a token deleted meanwhile costs no exchange.
      const refused = checkRenewTarget(readToken(db, target.tokenId), target)
      if (refused) return notReconnected(refused.message)
    }

    let client: Omit<TokenRequest, 'params'>
    let providerUrl: string
    let label: string
    if (flow.installationId) {
      const inst = db
        .select()
        .from(installations)
        .where(eq(installations.id, flow.installationId))
        .get()
      if (!inst?.oauthSecretEnc)
        return c.html(
          callbackPage('Installation removed', 'This installation no longer exists.'),
          409,
        )
      client = installationClient(keyring, { ...inst, oauthSecretEnc: inst.oauthSecretEnc })
      providerUrl = inst.apiUrl
      label = 'User token'
    } else {
      const p = flow.providerId
        ? db.select().from(providers).where(eq(providers.id, flow.providerId)).get()
        : undefined
      if (!p)
        return c.html(callbackPage('Provider removed', 'This provider no longer exists.'), 409)
      client = providerClient(keyring, p)
      providerUrl = p.tokenUrl
      label = `${p.name} user token`
    }
    const result = await requestToken(deps.http, {
      ...client,
      params: {
        grant_type: 'authorization_code',
        code: q.code,
        redirect_uri: redirectUri(config.publicUrl),
        code_verifier: flow.codeVerifier,
      },
    })
    if (!result.ok) {
      return c.html(
        callbackPage(
          'The provider refused the code',
          `${result.failure.message}. Start the connection again.`,
          back,
        ),
        502,
      )
    }
    let providerUser: { id: string; name: string } | null = null
    if (flow.installationId) {
      const who = await lookupSession(deps.http, providerUrl, result.tokens.accessToken)
      if (who.kind === 'ok' && who.session.owner) {
        providerUser = { id: String(who.session.owner.id), name: who.session.owner.name ?? '' }
        label = `${providerUser.name || 'User'} (user token)`
      }
    }
    if (target) {
      const renewed = renewGrant(deps, {
        ...target,
        tokens: result.tokens,
        providerUser,
        actorId: flow.ownerId,
        who: who(c, config.trustProxy),
      })
      if (!renewed.ok) return notReconnected(renewed.message)
      return c.redirect(`/tokens/${target.tokenId}?connected=1`, 302)
    }
    const id = storeIssuedToken(deps, {
      ownerId: flow.ownerId,
      kind: flow.installationId ? 'user' : 'oauth',
      grant: 'authorization_code',
      label,
      providerUrl,
      installationId: flow.installationId,
      providerId: flow.providerId,
      tokens: result.tokens,
      requestedScopes: flow.scopes,
      providerUser,
      actorId: flow.ownerId,
      who: who(c, config.trustProxy),
    })
    return c.redirect(`/tokens/${id}?connected=1`, 302)
  })
}
