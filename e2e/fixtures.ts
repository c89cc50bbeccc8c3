import { randomUUID } from 'node:crypto'
import AxeBuilder from '@axe-core/playwright'
import {
  type APIRequestContext,
  type BrowserContextOptions,
  test as base,
  expect,
  type Page,
} from '@playwright/test'
import { ADMIN, ADMIN_STATE, serverInfo } from './server-info'

/** Fails on serious or critical axe violations, listing them so the report says what broke. */
export async function expectAccessible(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze()
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(
    bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
  ).toEqual([])
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/login')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

/** Signs in and waits until the app shell is there, so the next navigation cannot race the login. */
export async function signedInAs(page: Page, email: string, password: string) {
  await signIn(page, email, password)
  await expect(page.getByRole('button', { name: /log out/i })).toBeVisible()
}

export type Person = {
  id: string
  email: string
  name: string
  password: string
  role: 'admin' | 'owner'
}

export type People = {
  /** A new account with an address no other test (or retry) uses; disabled when the test ends. */
  create(name: string, role?: Person['role']): Promise<Person>
  /** An account the test made some other way (say, on the People page), disabled at the end too. */
  disableAfter(email: string): void
}

/** The parts of the HipChat emulator's admin JSON API the tests use. */
export type Emulator = {
  /** The seeded directory: the first user and group are always there. */
  state(): Promise<{ users: { id: string }[]; groups: { id: string }[] }>
  /** A personal access token for an emulator user, as if pasted from HipChat. */
  personalToken(userId: string, scopes?: string[]): Promise<string>
  /** An OAuth client registered in a group, as a manual installation would be. */
  registerClient(
    groupId: string,
    scopes: string[],
  ): Promise<{ oauthId: string; oauthSecret: string }>
  /** Makes the provider's next token request fail this way (e.g. `invalid_grant`). */
  fault(mode: string): Promise<void>
}

type Fixtures = {
  /** The admin's API session, for seeding people and reading state the UI does not show. */
  adminApi: APIRequestContext
  people: People
  /** A fresh owner of this test's own, with an empty vault. */
  owner: Person
  /** `page`, signed in as `owner`. */
  ownerPage: Page
  /** A page in a context of its own, signed in as someone (or the admin); closed after the test. */
  pageAs: (
    who: Pick<Person, 'email' | 'password'> | 'admin',
    options?: BrowserContextOptions,
  ) => Promise<Page>
  emulator: Emulator
}

/**
 * Pastes a personal token from the emulator through the API, in the page's own session, as if
 * the person had copied it from HipChat. The emulator is a trusted provider, so it is verified.
 */
export async function pasteEmulatorToken(
  page: Page,
  emulator: Emulator,
  label: string,
  scopes?: string[],
) {
  const { baseURL, emulatorUrl } = serverInfo()
  const state = await emulator.state()
  const value = await emulator.personalToken(state.users[0]?.id ?? '', scopes)
  const res = await page.request.post('/api/tokens', {
    headers: { origin: baseURL },
    data: { kind: 'personal', label, value, providerUrl: `${emulatorUrl}/v2/` },
  })
  expect(res.status(), await res.text()).toBe(201)
  return { id: (await res.json()).id as string, value }
}

/** A short tag no other test, retry or repeat uses, for names that must not collide. */
export const uniqueTag = () => randomUUID().slice(0, 8)

/** An address no other test, retry or repeat uses. */
export const uniqueEmail = (name: string) =>
  `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}.${uniqueTag()}@example.com`

export const test = base.extend<Fixtures>({
  adminApi: async ({ playwright }, use) => {
    const { baseURL } = serverInfo()
    const api = await playwright.request.newContext({
      baseURL,
      storageState: ADMIN_STATE,
      extraHTTPHeaders: { origin: baseURL },
    })
    await use(api)
    await api.dispose()
  },

  people: async ({ adminApi }, use) => {
    const created: Person[] = []
    const adopted: string[] = []
    await use({
      async create(name, role = 'owner') {
        const input = { email: uniqueEmail(name), name, password: `${name} password 123`, role }
        let res = await adminApi.post('/api/users', { data: input })
        // The admin's stored session outlives the 10-minute step-up window in a long run.
        if (res.status() === 401 && (await res.json()).error?.code === 'reauth_required') {
          const reauth = await adminApi.post('/api/auth/reauth', {
            data: { password: ADMIN.password },
          })
          expect(reauth.status(), await reauth.text()).toBeLessThan(300)
          res = await adminApi.post('/api/users', { data: input })
        }
        expect(res.status(), await res.text()).toBe(201)
        const person: Person = { ...input, id: (await res.json()).id }
        created.push(person)
        return person
      },
      disableAfter(email) {
        adopted.push(email)
      },
    })
    const ids = created.map((p) => p.id)
    if (adopted.length > 0) {
      const { items } = await (await adminApi.get('/api/users')).json()
      for (const user of items as { id: string; email: string }[])
        if (adopted.includes(user.email)) ids.push(user.id)
    }
    for (const id of ids) {
      const res = await adminApi.patch(`/api/users/${id}`, { data: { disabled: true } })
      expect(res.status(), await res.text()).toBe(200)
    }
  },

  owner: async ({ people }, use) => {
    await use(await people.create('Owen Owner'))
  },

  ownerPage: async ({ page, owner }, use) => {
    await signedInAs(page, owner.email, owner.password)
    await use(page)
  },

  pageAs: async ({ browser }, use) => {
    const contexts: Awaited<ReturnType<typeof browser.newContext>>[] = []
    await use(async (who, options = {}) => {
      const admin = who === 'admin'
      // Explicit either way: newContext inherits the test's `use` options, a stored session too.
      const context = await browser.newContext({
        ...options,
        storageState: admin ? ADMIN_STATE : { cookies: [], origins: [] },
      })
      contexts.push(context)
      const page = await context.newPage()
      if (!admin) await signedInAs(page, who.email, who.password)
      return page
    })
    await Promise.all(contexts.map((context) => context.close()))
  },

  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixture's dependencies from this pattern.
  emulator: async ({}, use) => {
    const api = `${serverInfo().emulatorUrl}/admin/api`
    const call = async (path: string, body?: unknown) => {
      const res = await fetch(
        `${api}${path}`,
        body === undefined
          ? {}
          : {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(body),
            },
      )
      expect(res.ok, `${path} answered ${res.status}`).toBe(true)
      return res.json()
    }
    await use({
      state: () => call('/state'),
      personalToken: async (userId, scopes) =>
        (await call('/personal-tokens', scopes ? { userId, scopes } : { userId })).access_token,
      registerClient: (groupId, scopes) => call('/clients', { groupId, scopes }),
      fault: async (mode) => {
        await call('/faults', { mode })
      },
    })
    // A fault a test armed but never triggered must not fire in the next test.
    await fetch(`${api}/faults`, { method: 'DELETE' })
  },
})

export { expect }
