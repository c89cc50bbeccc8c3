import type { Context } from 'hono'
import { Hono } from 'hono'
import { html } from 'hono/html'
import type { OAuthClient } from './clients'
import type { Html } from './layout'
import { page } from './layout'
import { originGuard } from './middleware'
import { randomAlnum } from './random'
import { isSubset, parseScopes, SCOPES } from './scopes'
import type { EmulatorState, PendingAuthorization } from './state'

const CHALLENGE = /^[A-Za-z0-9_-]{43}$/

export function authorizeRoutes(state: EmulatorState): Hono {
  const app = new Hono()
  app.use('*', originGuard)

  app.get('/', (c) => {
    const q = (name: string) => c.req.query(name)
    const client = oauthClient(state, q('client_id'))
    if (!client) return errorPage(c, 'Unknown client', 'No OAuth client has this client_id.')
    const redirectUri = q('redirect_uri') ?? ''
    if (!isHttpUrl(redirectUri)) {
      return errorPage(c, 'Invalid redirect_uri', 'redirect_uri must be an absolute http(s) URL.')
    }
    const stateParam = q('state') ?? null
    const fail = (error: string, description: string) =>
      c.redirect(
        withParams(redirectUri, { error, error_description: description, state: stateParam }),
      )

    if (q('response_type') !== 'code') {
      return fail('unsupported_response_type', 'response_type must be code')
    }
    const parsed = parseScopes(q('scope'))
    if (!parsed.ok) return fail('invalid_scope', `unknown scope(s) ${parsed.unknown.join(', ')}`)
    const scopes = parsed.scopes.length > 0 ? parsed.scopes : [...client.scopes]
    if (!isSubset(scopes, client.scopes)) {
      return fail('invalid_scope', 'requested scopes exceed the scopes of this add-on')
    }
    const challenge = q('code_challenge') ?? null
    const method = q('code_challenge_method')
    if (challenge === null && method !== undefined) {
      return fail('invalid_request', 'code_challenge_method without code_challenge')
    }
    if (challenge !== null && method !== 'S256') {
      return fail('invalid_request', 'code_challenge_method must be S256 (plain is not supported)')
    }
    if (challenge !== null && !CHALLENGE.test(challenge)) {
      return fail('invalid_request', 'code_challenge must be 43 base64url characters')
    }
    const pending: PendingAuthorization = {
      id: randomAlnum(32),
      clientId: client.id,
      redirectUri,
      scopes,
      state: stateParam,
      challenge,
      expiresAt: state.now() + state.config.codeTtl * 1000,
    }
    for (const [key, old] of state.pendingAuthorizations) {
      if (state.now() >= old.expiresAt) state.pendingAuthorizations.delete(key)
    }
    state.pendingAuthorizations.set(pending.id, pending)
    return page(c, 'Authorize add-on', consentForm(state, client, pending))
  })

  app.post('/', async (c) => {
    const form = await c.req.parseBody()
    const id = typeof form.request_id === 'string' ? form.request_id : ''
    const pending = state.pendingAuthorizations.get(id)
    state.pendingAuthorizations.delete(id)
    if (!pending || state.now() >= pending.expiresAt) {
      return errorPage(c, 'Authorization expired', 'Start again from the add-on.')
    }
    const client = oauthClient(state, pending.clientId)
    if (!client) return errorPage(c, 'Unknown client', 'The add-on was uninstalled meanwhile.')
    if (form.decision !== 'approve') {
      return c.redirect(
        withParams(pending.redirectUri, { error: 'access_denied', state: pending.state }),
      )
    }
    const user = state.directory.users.get(Number(form.user_id))
    if (!user || user.groupId !== client.groupId) {
      return errorPage(c, 'Unknown user', 'Pick a user of the add-on’s group.')
    }
    const code = state.tokens.createCode(
      {
        clientId: client.id,
        userId: user.id,
        redirectUri: pending.redirectUri,
        scopes: pending.scopes,
        challenge: pending.challenge,
      },
      state.config.codeTtl,
    )
    return c.redirect(withParams(pending.redirectUri, { code: code.code, state: pending.state }))
  })

  return app
}

function consentForm(
  state: EmulatorState,
  client: OAuthClient,
  pending: PendingAuthorization,
): Html {
  const users = state.directory.usersOf(client.groupId)
  const group = state.directory.groups.get(client.groupId)
  const target = new URL(pending.redirectUri)
  return html`<section>
<p><strong>${client.name}</strong> wants to act on your behalf in <strong>${group?.name ?? ''}</strong>.
After you decide you are sent back to <code>${target.origin}</code>.</p>
<h2>Requested scopes</h2>
<ul>${pending.scopes.map((s) => html`<li><strong>${SCOPES[s].name}</strong> (${s}): ${SCOPES[s].description}</li>`)}</ul>
<form method="post" action="/users/authorize">
<input type="hidden" name="request_id" value="${pending.id}">
<label for="user_id">Act as user</label>
<select id="user_id" name="user_id" required>
${users.map((u) => html`<option value="${u.id}">${u.name} (@${u.mentionName})</option>`)}
</select>
${users.length === 0 ? html`<p class="error">This group has no users yet; create one on the admin page.</p>` : ''}
<button type="submit" name="decision" value="approve"${users.length === 0 ? html` disabled` : ''}>Approve</button>
<button type="submit" name="decision" value="deny" formnovalidate>Deny</button>
</form>
</section>`
}

function oauthClient(state: EmulatorState, id: string | undefined): OAuthClient | undefined {
  const client = id ? state.clients.get(id) : undefined
  return client?.secret ? client : undefined
}

function errorPage(c: Context, title: string, detail: string) {
  return page(c, title, html`<section><p class="error">${detail}</p></section>`, 400)
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hash === ''
  } catch {
    return false
  }
}

function withParams(base: string, params: Record<string, string | null>): string {
  const url = new URL(base)
  for (const [k, v] of Object.entries(params)) if (v !== null) url.searchParams.append(k, v)
  return url.toString()
}
