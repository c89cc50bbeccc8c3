import { readFileSync } from 'node:fs'
import type { APIRequestContext, BrowserContextOptions, Page } from '@playwright/test'
import {
  expect,
  expectAccessible,
  type Person,
  signedInAs,
  test,
  uniqueEmail,
  uniqueTag,
} from '../fixtures'
import { ADMIN, ADMIN_STATE, serverInfo } from '../server-info'

const PHONE = { width: 390, height: 844 }
const DAY = 86_400_000
// A label with no break opportunity: it must wrap inside the page, not widen it.
const UNBROKEN = `deploy-bot-for-the-production-cluster-in-eu-west-${'x'.repeat(24)}`

type Seeded = { tokenId: string; addonId: string; installationId: string }
type Visit = { url: (s: Seeded) => string; as?: 'admin' | 'nobody' }

/** Every page the router knows, by its `paths` key, with real ids where it needs them. */
const PAGES: Record<string, Visit> = {
  login: { url: () => '/login', as: 'nobody' },
  setup: { url: () => '/setup', as: 'nobody' },
  overview: { url: () => '/overview' },
  tokens: { url: () => '/tokens' },
  tokenDetail: { url: (s) => `/tokens/${s.tokenId}` },
  installations: { url: () => '/installations' },
  installationDetail: { url: (s) => `/installations/${s.installationId}` },
  addons: { url: () => '/add-ons' },
  addonDetail: { url: (s) => `/add-ons/${s.addonId}` },
  providers: { url: () => '/providers' },
  alertSettings: { url: () => '/settings/alerts' },
  botKeys: { url: () => '/bot-keys' },
  botKeyDocs: { url: () => '/bot-keys/docs' },
  audit: { url: () => '/audit' },
  people: { url: () => '/people', as: 'admin' },
  account: { url: () => '/account' },
}
/** The router's index redirect and catch-all, and pages an admin sees more on. */
const MORE: Record<string, Visit> = {
  'home (redirect)': { url: () => '/' },
  'not found': { url: () => '/no-such-page' },
  'tokens as admin': { url: () => '/tokens', as: 'admin' },
  'audit as admin': { url: () => '/audit', as: 'admin' },
  'overview as admin': { url: () => '/overview', as: 'admin' },
}

/** The test lists pages by hand; this keeps the list in step with web/src/app/router.tsx. */
function routerPathKeys() {
  const router = readFileSync(new URL('../../web/src/app/router.tsx', import.meta.url), 'utf8')
  return [...router.matchAll(/paths\.(\w+)\.path/g)].map((match) => match[1] ?? '')
}

async function seed(page: Page, owner: Person, emulatorToken: string): Promise<Seeded> {
  const { baseURL, emulatorUrl } = serverInfo()
  const api = page.request
  const headers = { origin: baseURL }
  const created = async (path: string, data: object) => {
    const res = await api.post(path, { headers, data })
    expect(res.status(), `${path}: ${await res.text()}`).toBe(201)
    return (await res.json()) as { id: string }
  }
  const token = await created('/api/tokens', {
    kind: 'personal',
    label: UNBROKEN,
    value: emulatorToken,
    providerUrl: `${emulatorUrl}/v2/`,
  })
  for (const [label, days] of [
    ['Release notes bot', 3],
    ['Old standup reminder', -2],
    ['Room alerts', null],
  ] as const) {
    await created('/api/tokens', {
      kind: 'personal',
      label,
      value: `layout-${label}-${uniqueTag()}`,
      providerUrl: 'https://api.example.com/v2/',
      allowUnverified: true,
      expiresAt: days === null ? null : new Date(Date.now() + days * DAY).toISOString(),
    })
  }
  await created('/api/bot-keys', {
    name: `Nightly deploy pipeline of ${owner.name}`,
    tokenIds: [token.id],
  })
  const addon = await created('/api/addons', {
    key: `com.example.layout-${uniqueTag()}`,
    name: `Layout Bot ${uniqueTag()}`,
    description: 'Posts release notes to the team room.',
    scopes: ['send_notification', 'view_room'],
    allowGlobal: true,
    allowRoom: true,
  })
  return { tokenId: token.id, addonId: addon.id, installationId: '' }
}

/**
 * Signs in at the default size (the sign-in fixture looks for "Log out", which a phone keeps in
 * the folded menu), then turns the page into a phone.
 */
async function onPhone(pageAs: (who: Person) => Promise<Page>, who: Person) {
  const page = await pageAs(who)
  await page.setViewportSize(PHONE)
  return page
}

/** Waits until no skeleton is left: axe and the width check look at the loaded page. */
async function settled(page: Page) {
  await expect(page.locator('h1').first()).toBeVisible()
  await expect(page.locator('[role="status"][aria-busy="true"]')).toHaveCount(0)
}

async function pageWidth(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth)
}

/**
 * Adding people needs a recent password (step-up), and the stored admin session is as old as the
 * run: confirm the password again first, as a person would when the app asks.
 */
async function freshAdmin(admin: APIRequestContext) {
  const res = await admin.post('/api/auth/reauth', { data: { password: ADMIN.password } })
  expect(res.status(), await res.text()).toBe(204)
}

// Page loads, viewport changes and axe scans: more than the default budget per test.
test.beforeEach(async ({ adminApi }) => {
  test.slow()
  await freshAdmin(adminApi)
})

test('the page list covers every route in the router', () => {
  const missing = routerPathKeys().filter((key) => !(key in PAGES))
  expect(missing, 'add these routes to PAGES in layout.spec.ts').toEqual([])
})

test('on a phone the token list is cards with expiry and status first, and the filters fold', async ({
  people,
  pageAs,
  emulator,
}) => {
  const owner = await people.create('Owen Owner')
  const state = await emulator.state()
  const page = await onPhone(pageAs, owner)
  await seed(page, owner, await emulator.personalToken(state.users[0]?.id ?? ''))
  await page.goto('/tokens')
  const card = page
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: 'Release notes bot' }) })
  await expect(card).toBeVisible()
  const box = async (locator: ReturnType<Page['locator']>) => {
    const found = await locator.boundingBox()
    if (!found) throw new Error('not on screen')
    return found
  }
  const label = await box(card.getByRole('link', { name: 'Release notes bot' }))
  const expires = await box(card.locator('.token-cell-expires'))
  const status = await box(card.getByText('Expiring soon'))
  // Expiry and status on the card's first line, above the label, both on screen.
  expect(expires.y).toBeLessThan(label.y)
  expect(status.y).toBeLessThan(label.y)
  expect(status.x + status.width).toBeLessThanOrEqual(PHONE.width)
  await expect(card.getByText('Expires', { exact: true })).toBeVisible()
  await expect(card.locator('time')).toBeVisible()
  // A card, not a row of a wide table: as wide as the screen allows, header row out of sight.
  expect((await box(card)).width).toBeLessThanOrEqual(PHONE.width)
  await expect(page.locator('.tokens-table thead')).toHaveCSS('position', 'absolute')
  expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width)

  // The filters fold behind a button; search stays in view.
  await expect(page.getByLabel('Search by label')).toBeVisible()
  const filters = page.getByRole('button', { name: 'Filters' })
  await expect(filters).toHaveAttribute('aria-expanded', 'false')
  await expect(page.getByLabel('Status')).toBeHidden()
  await filters.click()
  await expect(filters).toHaveAttribute('aria-expanded', 'true')
  await page.getByLabel('Status').selectOption('expiring')
  await expect(page).toHaveURL(/status=expiring/)
  await expect(page.getByRole('button', { name: 'Filters (1 on)' })).toBeVisible()
  await expect(page.getByRole('row')).toHaveCount(2)

  // A wide screen has the table with its header row and the filters in view, no button.
  await page.setViewportSize({ width: 1280, height: 800 })
  await expect(page.getByRole('columnheader', { name: 'Expires' })).toBeVisible()
  await expect(page.getByLabel('Sort by')).toBeVisible()
  await expect(page.getByRole('button', { name: /^Filters/ })).toBeHidden()
})

test('on a phone the navigation is a menu that works by keyboard', async ({ people, pageAs }) => {
  const page = await onPhone(pageAs, await people.create('Owen Owner'))
  await page.goto('/overview')
  const menu = page.getByRole('button', { name: 'Menu' })
  const nav = page.getByRole('navigation', { name: 'Main' })
  await expect(menu).toHaveAttribute('aria-expanded', 'false')
  await expect(nav.getByRole('link', { name: 'Tokens' })).toBeHidden()
  // The header is one row: brand and the menu button.
  const header = await page.locator('.app-header').boundingBox()
  expect(header?.height ?? 0).toBeLessThan(80)

  await menu.focus()
  await page.keyboard.press('Enter')
  await expect(menu).toHaveAttribute('aria-expanded', 'true')
  await expect(nav.getByRole('link', { name: 'Tokens' })).toBeVisible()
  await page.keyboard.press('Tab')
  await expect(nav.getByRole('link', { name: 'Overview' })).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(menu).toHaveAttribute('aria-expanded', 'false')
  await expect(menu).toBeFocused()
  await expect(nav.getByRole('link', { name: 'Tokens' })).toBeHidden()

  await page.keyboard.press('Space')
  await expect(menu).toHaveAttribute('aria-expanded', 'true')
  expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width)
  await expectAccessible(page)
  await page.keyboard.press('Tab')
  await page.keyboard.press('Tab')
  await expect(nav.getByRole('link', { name: 'Tokens' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/\/tokens$/)
  await expect(menu).toHaveAttribute('aria-expanded', 'false')
  // Account and sign-out live in the menu too.
  await menu.click()
  await expect(page.getByRole('button', { name: /log out/i })).toBeVisible()

  // On a wide screen the links are in the header and there is no menu button.
  await page.setViewportSize({ width: 1280, height: 800 })
  await expect(menu).toBeHidden()
  await expect(nav.getByRole('link', { name: 'Audit' })).toBeVisible()
})

test('the theme picker is remembered across reloads and applied before the app loads', async ({
  people,
  pageAs,
}) => {
  const page = await pageAs(await people.create('Owen Owner'), { colorScheme: 'light' })
  await page.goto('/overview')
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')
  const lightBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)

  await page.getByRole('button', { name: 'Theme: System' }).click()
  await page.getByRole('radio', { name: 'Dark' }).check()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  const darkBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
  expect(darkBackground).not.toBe(lightBackground)
  await page.keyboard.press('Escape')
  await expect(page.getByRole('button', { name: 'Theme: Dark' })).toBeFocused()
  await expectAccessible(page)

  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await expect(page.getByRole('button', { name: 'Theme: Dark' })).toBeVisible()

  // No flash: with the app's code held back, the page is already dark from the first paint.
  await page.route('**/assets/*.js', (route) => route.abort())
  await page.goto('/tokens')
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
    darkBackground,
  )
  await page.unroute('**/assets/*.js')

  // Back to the system's choice, which now follows the device.
  await page.goto('/overview')
  await page.getByRole('button', { name: 'Theme: Dark' }).click()
  await page.getByRole('radio', { name: 'Same as this device' }).check()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')
  await page.emulateMedia({ colorScheme: 'dark' })
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await page.reload()
  await expect(page.getByRole('button', { name: 'Theme: System' })).toBeVisible()
})

test('lists show a skeleton with an accessible name while they load', async ({
  people,
  pageAs,
}) => {
  const page = await onPhone(pageAs, await people.create('Owen Owner'))
  const lists = [
    ['/tokens', /\/api\/tokens(\?|$)/, 'Loading tokens…'],
    ['/bot-keys', /\/api\/bot-keys$/, 'Loading bot keys…'],
    ['/installations', /\/api\/installations$/, 'Loading installations…'],
    ['/add-ons', /\/api\/addons$/, 'Loading add-ons…'],
    ['/audit', /\/api\/audit(\?|$)/, 'Loading events…'],
  ] as const
  for (const [url, api, name] of lists) {
    let release = () => {}
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    await page.route(api, async (route) => {
      await held
      await route.continue()
    })
    await page.goto(url)
    const status = page.getByRole('status').filter({ hasText: name })
    await expect(status).toHaveAttribute('aria-busy', 'true')
    await expect(status.locator('.skeleton-row').first()).toBeVisible()
    await expect(page.getByText(name, { exact: true })).toHaveClass('visually-hidden')
    release()
    await expect(status).toHaveCount(0)
    await page.unroute(api)
  }
})

test.describe('every page on a phone, in the light and the dark theme', () => {
  let seeded: Seeded
  let ownerState: BrowserContextOptions['storageState']
  let ownerId = ''

  // One owner with a token, a bot key, an add-on and an installation, for every page below.
  test.beforeAll(async ({ browser, playwright }) => {
    test.setTimeout(120_000)
    const { baseURL, emulatorUrl } = serverInfo()
    const admin = await playwright.request.newContext({
      baseURL,
      storageState: ADMIN_STATE,
      extraHTTPHeaders: { origin: baseURL },
    })
    const person = {
      email: uniqueEmail('Layla Out'),
      name: 'Layla Out',
      password: 'layla password 123',
      role: 'owner' as const,
    }
    await freshAdmin(admin)
    const res = await admin.post('/api/users', { data: person })
    expect(res.status(), await res.text()).toBe(201)
    ownerId = (await res.json()).id
    await admin.dispose()

    const emulatorApi = async (path: string, body: object) => {
      const answer = await fetch(`${emulatorUrl}/admin/api${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      expect(answer.ok, `${path} answered ${answer.status}`).toBe(true)
      return answer.json()
    }
    const state = await (await fetch(`${emulatorUrl}/admin/api/state`)).json()
    const value = (await emulatorApi('/personal-tokens', { userId: state.users[0]?.id }))
      .access_token
    const client = await emulatorApi('/clients', {
      groupId: state.groups[0]?.id,
      scopes: ['view_room'],
    })

    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } })
    const page = await context.newPage()
    await signedInAs(page, person.email, person.password)
    seeded = await seed(page, { ...person, id: ownerId }, value)
    const installed = await page.request.post('/api/installations', {
      headers: { origin: baseURL },
      data: {
        oauthId: client.oauthId,
        oauthSecret: client.oauthSecret,
        capabilitiesUrl: `${emulatorUrl}/v2/capabilities`,
      },
    })
    expect(installed.status()).toBe(201)
    seeded.installationId = (await installed.json()).id
    ownerState = await context.storageState()
    await context.close()
  })

  test.afterAll(async ({ playwright }) => {
    const { baseURL } = serverInfo()
    const admin = await playwright.request.newContext({
      baseURL,
      storageState: ADMIN_STATE,
      extraHTTPHeaders: { origin: baseURL },
    })
    if (ownerId) await admin.patch(`/api/users/${ownerId}`, { data: { disabled: true } })
    await admin.dispose()
  })

  for (const [name, visit] of Object.entries({ ...PAGES, ...MORE })) {
    test(`${name}: no sideways scroll at 390 px, axe clean in both themes`, async ({ browser }) => {
      const storageState =
        visit.as === 'admin'
          ? ADMIN_STATE
          : visit.as === 'nobody'
            ? { cookies: [], origins: [] }
            : ownerState
      const context = await browser.newContext({ viewport: PHONE, storageState })
      const page = await context.newPage()
      const url = visit.url(seeded)
      try {
        for (const theme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme: theme })
          await page.goto(url)
          await settled(page)
          // No choice made: the page follows the system's colour scheme.
          await expect(page.locator('html')).toHaveAttribute('data-theme', theme)
          expect(
            await pageWidth(page),
            `${url} is wider than the screen (${theme})`,
          ).toBeLessThanOrEqual(PHONE.width)
          await expectAccessible(page)
        }
      } finally {
        await context.close()
      }
    })
  }
})
