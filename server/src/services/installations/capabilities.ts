import { z } from 'zod'
import type { HttpClient } from '../../app-env'
import { fail } from '../../lib/http-error'
import { OutboundError } from '../../lib/outbound/guarded-fetch'

const capabilitiesSchema = z.object({
  links: z.object({ self: z.string(), api: z.string().optional() }),
  capabilities: z.object({
    oauth2Provider: z.object({ tokenUrl: z.string(), authorizationUrl: z.string().optional() }),
    hipchatApiProvider: z.object({ url: z.string() }).optional(),
  }),
})

export type ProviderCapabilities = {
  tokenUrl: string
  authorizationUrl: string | null
  apiUrl: string
}

const reject = (message: string): never => fail(400, 'install_rejected', message)

/**
 * Fetches a provider's capabilities document through the guarded client (allowlist, address
 * policy, pinned socket, no redirects, size and time caps) and checks that it describes itself.
 */
export async function fetchCapabilities(
  http: HttpClient,
  capabilitiesUrl: string,
): Promise<ProviderCapabilities> {
  let res: Awaited<ReturnType<HttpClient>>
  try {
    res = await http(capabilitiesUrl, { headers: { accept: 'application/json' } })
  } catch (err) {
    if (err instanceof OutboundError) {
      if (
        err.reason === 'untrusted' ||
        err.reason === 'insecure' ||
        err.reason === 'internal_address' ||
        err.reason === 'bad_url'
      ) {
        return fail(403, 'provider_untrusted', `Capabilities URL refused: ${err.message}`)
      }
      return reject(`Capabilities document unavailable: ${err.message}`)
    }
    throw err
  }
  if (res.status !== 200) reject(`Capabilities document answered HTTP ${res.status}`)
  let doc: z.infer<typeof capabilitiesSchema>
  try {
    doc = capabilitiesSchema.parse(JSON.parse(res.text))
  } catch {
    return reject('Capabilities document is not a HipChat capabilities document')
  }
  if (doc.links.self !== capabilitiesUrl) {
    reject(
      `The capabilities URL ${capabilitiesUrl} doesn't match the document's self link ${doc.links.self}`,
    )
  }
  const apiUrl =
    doc.capabilities.hipchatApiProvider?.url ??
    doc.links.api ??
    capabilitiesUrl.replace(/capabilities\/?$/, '')
  return {
    tokenUrl: doc.capabilities.oauth2Provider.tokenUrl,
    authorizationUrl: doc.capabilities.oauth2Provider.authorizationUrl ?? null,
    apiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
  }
}
