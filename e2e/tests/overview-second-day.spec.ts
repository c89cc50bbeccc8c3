import type { APIRequestContext, Locator, Page } from '@playwright/test'
import { type Emulator, expect, expectAccessible, type People, test } from '../fixtures'
import { serverInfo } from '../server-info'

const DAY = 86_400_000

/** The API as the signed-in page calls it (same session, our Origin), failing loudly. */
async function call(api: APIRequestContext, method: 'POST' | 'PATCH', path: string, data: object) {
  const res = await api.fetch(path, { method, headers: { origin: serverInfo().baseURL }, data })
  expect(res.status(), `${method} ${path}: ${await res.text()}`).toBeLessThan(300)
  return res.json()
}

/** A personal token the emulator vouches for (so the paste is verified, whatever the form asks). */
async function pasteToken(page: Page, emulator: Emulator, label: string) {
  const state = await emulator.state()
  const value = await emulator.personalToken(state.users[0]?.id ?? '', ['view_room'])
  return call(page.request, 'POST', '/api/tokens', {
    kind: 'personal',
    label,
    value,
    providerUrl: `${serverInfo().emulatorUrl}/v2/`,
  }) as Promise<{ id: string }>
}

/** An installation registered by hand with credentials the emulator issued. */
async function registerInstallation(page: Page, emulator: Emulator) {
  const state = await emulator.state()
  const client = await emulator.registerClient(state.groups[0]?.id ?? '', ['send_notification'])
  return call(page.request, 'POST', '/api/installations', {
    oauthId: client.oauthId,
    oauthSecret: client.oauthSecret,
    capabilitiesUrl: `${serverInfo().emulatorUrl}/v2/capabilities`,
  }) as Promise<{ id: string }>
}

async function backToOverview(page: Page) {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Overview' })
    .click()
  await expect(page).toHaveURL(/\/overview$/)
}

const checklistOf = (page: Page) => page.getByRole('region', { name: 'Getting started' })

async function expectStep(checklist: Locator, title: string, state: 'Done' | 'To do') {
  const step = checklist
    .getByRole('listitem')
    .filter({ has: checklist.page().getByRole('link', { name: title, exact: true }) })
  await expect(step.getByText(state, { exact: true })).toBeVisible()
}

const newAdmin = (people: People) => people.create('Nia Newadmin', 'admin')

test('a new admin gets a getting-started checklist that ticks itself and goes once done', async ({
  people,
  pageAs,
  emulator,
}) => {
  test.slow()
  const page = await pageAs(await newAdmin(people))
  await page.goto('/')
  const checklist = checklistOf(page)
  await expect(checklist.getByText('0 of 3 done')).toBeVisible()
  await expectStep(checklist, 'Add a token', 'To do')
  await expectStep(checklist, 'Register an add-on', 'To do')
  await expectStep(checklist, 'Create a bot key', 'To do')
  await expectAccessible(page)

  await checklist.getByRole('link', { name: 'Add a token' }).click()
  await expect(page).toHaveURL(/\/tokens$/)
  const token = await pasteToken(page, emulator, 'First token')
  await backToOverview(page)
  await expect(checklist.getByText('1 of 3 done')).toBeVisible()
  await expectStep(checklist, 'Add a token', 'Done')

  await checklist.getByRole('link', { name: 'register an installation' }).click()
  await expect(page).toHaveURL(/\/installations$/)
  await registerInstallation(page, emulator)
  await backToOverview(page)
  await expect(checklist.getByText('2 of 3 done')).toBeVisible()
  await expectStep(checklist, 'Register an add-on', 'Done')

  await checklist.getByRole('link', { name: 'Create a bot key' }).click()
  await expect(page).toHaveURL(/\/bot-keys$/)
  await call(page.request, 'POST', '/api/bot-keys', { name: 'first bot', tokenIds: [token.id] })
  await backToOverview(page)
  await expect(page.getByRole('region', { name: 'Tokens by status' })).toBeVisible()
  await expect(checklist).toHaveCount(0)
})

test('the checklist can be hidden for good, and owners never see it', async ({
  people,
  pageAs,
  ownerPage,
}) => {
  // Two people signed in at once.
  test.slow()
  const page = await pageAs(await newAdmin(people))
  await page.goto('/')
  await checklistOf(page).getByRole('button', { name: 'Hide this checklist' }).click()
  await expect(checklistOf(page)).toHaveCount(0)
  await expect(page.getByRole('heading', { name: 'Tokens by status' })).toBeFocused()
  await page.reload()
  await expect(page.getByRole('region', { name: 'Tokens by status' })).toBeVisible()
  await expect(checklistOf(page)).toHaveCount(0)

  await ownerPage.goto('/')
  await expect(ownerPage.getByRole('region', { name: 'Tokens by status' })).toBeVisible()
  await expect(checklistOf(ownerPage)).toHaveCount(0)
})

/** Centre x and box of the timeline's labels and marks, in page pixels. */
async function timelineGeometry(page: Page) {
  const plot = page.locator('.timeline-plot')
  const labelBox = async (text: string) => {
    const box = await plot
      .locator('text.timeline-line-label', { hasText: new RegExp(`^${text}$`) })
      .boundingBox()
    expect(box, `label "${text}"`).not.toBeNull()
    return box as NonNullable<typeof box>
  }
  const markX = async (id: string) => {
    const box = await plot.locator(`[data-mark-id="${id}"]`).boundingBox()
    expect(box, `mark ${id}`).not.toBeNull()
    return (box?.x ?? 0) + (box?.width ?? 0) / 2
  }
  return { labelBox, markX }
}

const overlaps = (a: { x: number; width: number }, b: { x: number; width: number }) =>
  a.x < b.x + b.width && b.x < a.x + a.width

for (const viewport of [
  { name: 'a desktop', width: 1280, height: 900 },
  { name: 'a phone', width: 390, height: 844 },
]) {
  test(`on ${viewport.name}, hour-long tokens sit apart from "Now" and "1 day", whose labels do not overlap`, async ({
    people,
    pageAs,
    emulator,
  }) => {
    test.slow()
    const owner = await people.create('Hana Hourly')
    // Signed in at the default size (a phone folds "Log out" into the menu), then resized.
    const page = await pageAs(owner)
    await page.setViewportSize(viewport)
    const installation = await registerInstallation(page, emulator)
    // Client-credential tokens from the emulator live an hour: the tokens that piled up on "Today".
    const hourly = await call(
      page.request,
      'POST',
      `/api/installations/${installation.id}/tokens`,
      {
        scopes: ['send_notification'],
      },
    )
    const daily = await pasteToken(page, emulator, 'Three-day token')
    await call(page.request, 'PATCH', `/api/tokens/${daily.id}`, {
      expiresAt: new Date(Date.now() + 3 * DAY).toISOString(),
    })

    await page.goto('/overview')
    // The chart joins after the counters and tables, in a background render: give it time.
    await expect(page.locator(`[data-mark-id="${hourly.id}"]`)).toBeVisible({ timeout: 20_000 })
    await expect(page.locator(`[data-mark-id="${daily.id}"]`)).toBeVisible()
    const { labelBox, markX } = await timelineGeometry(page)
    const now = await labelBox('Now')
    const day = await labelBox('1 day')
    expect(
      overlaps(now, day),
      `"Now" ${JSON.stringify(now)} and "1 day" ${JSON.stringify(day)}`,
    ).toBe(false)

    const nowX = now.x + now.width / 2
    const dayX = day.x + day.width / 2
    const hourX = await markX(hourly.id)
    const threeDaysX = await markX(daily.id)
    // The hour-long token is well clear of the "now" line, and well before a day from now.
    expect(hourX - nowX).toBeGreaterThan(viewport.width > 600 ? 60 : 15)
    expect(dayX - hourX).toBeGreaterThan(viewport.width > 600 ? 60 : 15)
    expect(threeDaysX).toBeGreaterThan(dayX)
    // Counts agree with their nouns: one token of each kind on this new owner's overview.
    await expect(page.getByRole('link', { name: 'All 2 tokens' })).toBeVisible()
    await expect(
      page.getByRole('group', { name: 'Expiry timeline: 2 tokens over the next 90 days' }),
    ).toBeVisible()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      viewport.width,
    )
    await expectAccessible(page)
  })
}

test('every count on the overview agrees with its noun: "1 refresh succeeded"', async ({
  ownerPage: page,
  emulator,
}) => {
  // An installation checked with the provider, a token minted and refreshed through it.
  test.slow()
  const installation = await registerInstallation(page, emulator)
  const token = await call(page.request, 'POST', `/api/installations/${installation.id}/tokens`, {
    scopes: ['send_notification'],
  })
  await call(page.request, 'POST', `/api/tokens/${token.id}/refresh`, {})

  await page.goto('/overview')
  await expect(
    page.getByText('Last 24 hours: 1 refresh succeeded (0 after retrying), 0 failed.'),
  ).toBeVisible()
  const counters = page.getByRole('region', { name: 'Tokens by status' })
  await expect(counters.getByRole('link', { name: 'All 1 token', exact: true })).toBeVisible()
  await expect(
    page.getByRole('group', { name: 'Expiry timeline: 1 token over the next 90 days' }),
  ).toBeVisible()
  await expect(page.getByText(/\b1 (tokens|days|minutes|refreshes|failures)\b/)).toHaveCount(0)
})
