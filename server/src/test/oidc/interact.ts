import { cookieFetch } from './cookie-fetch'

export type InteractionOptions = {
  /** Where the provider sends the browser back (Token Desk's callback URL). */
  redirectUri: string
  /** Any name: oidc-provider's dev login accepts every login/password pair. */
  login?: string
  /** `deny` uses the interaction's abort link, as a person pressing "Cancel" would. */
  decision?: 'approve' | 'deny'
  /** A browser that already has a session at the provider (to test a second authorization). */
  browser?: ReturnType<typeof cookieFetch>
}

const formAction = (html: string) => /<form[^>]*action="([^"]+)"/.exec(html)?.[1]
const promptOf = (html: string) => /name="prompt" value="([^"]+)"/.exec(html)?.[1]
const abortLink = (html: string) => /href="([^"]*\/abort)"/.exec(html)?.[1]
const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
}
const decodeHtml = (s: string) => s.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e)

/**
 * Drives oidc-provider's devInteractions (login form, then consent form) the way a browser
 * would, starting from an authorization URL, and returns the URL the provider redirected to
 * at `redirectUri` (with `code` and `state`, or `error`). Never follows that last redirect.
 */
export async function authorizeAtOidcProvider(authorizeUrl: string, opts: InteractionOptions) {
  const browser = opts.browser ?? cookieFetch()
  const seen: string[] = []
  let next: { url: string; init?: RequestInit } = { url: authorizeUrl }
  for (let step = 0; step < 12; step++) {
    const url = new URL(next.url, authorizeUrl).href
    if (url.startsWith(opts.redirectUri)) return url
    seen.push(`${next.init?.method ?? 'GET'} ${url}`)
    const res = await browser.fetch(url, next.init)
    if (res.status >= 300 && res.status < 400) {
      const location = res.headers.get('location')
      if (!location) throw new Error(`redirect without location from ${url}`)
      next = { url: location }
      continue
    }
    const html = await res.text()
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${html.slice(0, 300)}`)
    const action = formAction(html)
    const prompt = promptOf(html)
    if (!action || !prompt) throw new Error(`no interaction form at ${url}: ${html.slice(0, 300)}`)
    if (opts.decision === 'deny') {
      const abort = abortLink(html)
      if (!abort) throw new Error(`no abort link at ${url}`)
      next = { url: decodeHtml(abort) }
      continue
    }
    const form: Record<string, string> =
      prompt === 'login'
        ? { prompt, login: opts.login ?? 'alice', password: 'any password' }
        : { prompt }
    next = {
      url: decodeHtml(action),
      init: {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      },
    }
  }
  throw new Error(`authorization did not reach ${opts.redirectUri}:\n${seen.join('\n')}`)
}
