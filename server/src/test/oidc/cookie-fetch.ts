/**
 * A tiny browser stand-in for driving a provider's login and consent pages: keeps cookies
 * (by name and path), never follows redirects on its own and talks to loopback only.
 */
type StoredCookie = { name: string; value: string; path: string }

export function cookieFetch() {
  const jar = new Map<string, StoredCookie>()

  const pathMatches = (cookiePath: string, requestPath: string) =>
    requestPath === cookiePath ||
    (requestPath.startsWith(cookiePath) &&
      (cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/'))

  function remember(url: URL, res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';')
      const eq = pair.indexOf('=')
      if (eq < 1) continue
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      let path = url.pathname.replace(/\/[^/]*$/, '') || '/'
      let expired = false
      for (const attr of attrs) {
        const [k = '', v = ''] = attr.split('=').map((s) => s.trim())
        if (/^path$/i.test(k) && v.startsWith('/')) path = v
        if (/^max-age$/i.test(k) && Number(v) <= 0) expired = true
        if (/^expires$/i.test(k) && Date.parse(v) <= Date.now()) expired = true
      }
      const key = `${name};${path}`
      if (expired || !value) jar.delete(key)
      else jar.set(key, { name, value, path })
    }
  }

  async function fetchWithCookies(input: string | URL, init: RequestInit = {}) {
    const url = new URL(input)
    if (url.hostname !== '127.0.0.1') throw new Error(`cookieFetch: refusing ${url.origin}`)
    const headers = new Headers(init.headers)
    // Longest path first, as browsers send them.
    const cookies = [...jar.values()]
      .filter((c) => pathMatches(c.path, url.pathname))
      .sort((a, b) => b.path.length - a.path.length)
    if (cookies.length) headers.set('cookie', cookies.map((c) => `${c.name}=${c.value}`).join('; '))
    const res = await fetch(url, { ...init, headers, redirect: 'manual' })
    remember(url, res)
    return res
  }

  return { fetch: fetchWithCookies, jar }
}
