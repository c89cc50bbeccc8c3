/**
 * TOKENDESK_TRUSTED_PROVIDERS matching. A pattern is an origin whose host may start with `*.`,
 * where `*` stands for exactly one DNS label (as in Atlassian's ac-koa whitelist), so
 * `https://*.hipchat.com` matches `https://api.hipchat.com` but not `https://hipchat.com` or
 * `https://a.b.hipchat.com`. Scheme and port must match exactly.
 */
export type TrustMatch = { trusted: boolean; exact: boolean }

const DEFAULT_PORT: Record<string, string> = { 'http:': '80', 'https:': '443' }

function parsePattern(pattern: string) {
  const m = /^(https?):\/\/([A-Za-z0-9*.-]+)(?::(\d+))?$/.exec(pattern.trim())
  if (!m) return null
  const protocol = `${m[1]}:`
  return { protocol, host: (m[2] ?? '').toLowerCase(), port: m[3] ?? DEFAULT_PORT[protocol] ?? '' }
}

export function matchTrusted(target: URL, patterns: string[]): TrustMatch {
  const port = target.port || DEFAULT_PORT[target.protocol] || ''
  const host = target.hostname.toLowerCase()
  let result: TrustMatch = { trusted: false, exact: false }
  for (const raw of patterns) {
    const p = parsePattern(raw)
    if (!p || p.protocol !== target.protocol || p.port !== port) continue
    if (p.host === host) return { trusted: true, exact: true }
    if (p.host.startsWith('*.')) {
      const suffix = p.host.slice(1)
      const label = host.slice(0, host.length - suffix.length)
      if (host.endsWith(suffix) && /^[a-z0-9-]+$/.test(label))
        result = { trusted: true, exact: false }
    }
  }
  return result
}
