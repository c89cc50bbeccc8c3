/** A minimal browser-like API client: sends our Origin on every call and keeps the `sid` cookie. */
export class Api {
  sid = ''

  constructor(readonly base: string) {}

  get cookie() {
    return `sid=${this.sid}`
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { origin: this.base }
    if (body !== undefined) headers['content-type'] = 'application/json'
    if (this.sid) headers.cookie = this.cookie
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    for (const line of res.headers.getSetCookie()) {
      const m = /^sid=([^;]*)/.exec(line)
      if (m?.[1]) this.sid = m[1]
    }
    const text = await res.text()
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 500)}`)
    return (text ? JSON.parse(text) : undefined) as T
  }

  async login(email: string, password: string) {
    await this.call('POST', '/api/auth/login', { email, password })
    if (!this.sid) throw new Error('login set no sid cookie')
  }
}

export async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init)
  const text = await res.text()
  if (!res.ok)
    throw new Error(`${init?.method ?? 'GET'} ${url} answered ${res.status}: ${text.slice(0, 500)}`)
  return JSON.parse(text) as T
}
