import type { HttpClient } from '../../app-env'
import type { RevokeResult } from '../hipchat/hipchat-session-api'
import type { ClientCredentials } from './credentials'

/**
 * RFC 7009: POST the token with client authentication. 200 means revoked or already invalid
 * (either way the goal is met); 503 means try later.
 */
export async function revokeRfc7009(
  http: HttpClient,
  client: ClientCredentials & { revocationUrl: string },
  token: string,
  hint: 'access_token' | 'refresh_token',
): Promise<RevokeResult> {
  const params = new URLSearchParams({ token, token_type_hint: hint })
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' }
  if (client.clientAuth === 'client_secret_basic') {
    const pair = `${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`
    headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`
  } else {
    params.set('client_id', client.clientId)
    params.set('client_secret', client.clientSecret)
  }
  try {
    const res = await http(client.revocationUrl, {
      method: 'POST',
      headers,
      body: params.toString(),
    })
    if (res.status === 200) return { provider: 'revoked', status: 200 }
    if (res.status === 503) return { provider: 'unreachable', status: 503 }
    return { provider: 'error', status: res.status }
  } catch {
    return { provider: 'unreachable', status: null }
  }
}
