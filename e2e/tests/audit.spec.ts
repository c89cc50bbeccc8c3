import { readFile } from 'node:fs/promises'
import type { Download, Page } from '@playwright/test'
import { expect, expectAccessible, test, uniqueTag } from '../fixtures'
import { ADMIN, serverInfo } from '../server-info'

/** Calls the API as the page's signed-in person (same cookies, our Origin). */
async function call(page: Page, method: 'GET' | 'POST', path: string, data?: unknown) {
  const { baseURL } = serverInfo()
  const res = await page.request.fetch(`${baseURL}${path}`, {
    method,
    data,
    headers: { origin: baseURL },
  })
  expect(res.ok(), `${method} ${path}: ${res.status()} ${await res.text()}`).toBe(true)
  return res.json()
}

async function downloaded(page: Page, link: string): Promise<[Download, string]> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: link }).click(),
  ])
  const path = await download.path()
  return [download, await readFile(path, 'utf8')]
}

const eventRow = (page: Page, action: string) =>
  page
    .getByRole('table', { name: 'Audit events, newest first' })
    .getByRole('row')
    .filter({
      has: page.getByText(action, { exact: true }),
    })

test('an owner reads the audit in words, filters it and exports both formats', async ({
  people,
  pageAs,
  emulator,
}) => {
  test.slow()
  const label = `Deploy bot ${uniqueTag()}`
  const keyName = `ci-key-${uniqueTag()}`
  const owner = await people.create(`Audrey ${uniqueTag()}`)
  const walt = await people.create(`Walt ${uniqueTag()}`)
  const page = await pageAs(owner)

  const state = await emulator.state()
  const value = await emulator.personalToken(state.users[0]?.id ?? '', ['view_room'])
  const token = await call(page, 'POST', '/api/tokens', {
    kind: 'personal',
    label,
    value,
    providerUrl: `${serverInfo().emulatorUrl}/v2/`,
  })
  await call(page, 'POST', `/api/tokens/${token.id}/shares`, { email: walt.email, access: 'view' })
  const key = await call(page, 'POST', '/api/bot-keys', { name: keyName, tokenIds: [token.id] })
  const fetched = await fetch(`${serverInfo().baseURL}/api/v1/tokens/${token.id}/access`, {
    headers: { authorization: `Bearer ${key.key}` },
  })
  expect(fetched.status).toBe(200)

  // Bot fetches are written in batches about once a second.
  await page.goto('/audit')
  await expect(async () => {
    await page.reload()
    await expect(eventRow(page, 'Bot fetched the token')).toHaveCount(1, { timeout: 1000 })
  }).toPass()

  const fetch_ = eventRow(page, 'Bot fetched the token')
  await expect(fetch_.getByRole('cell').nth(1)).toHaveText(`by bot key ${keyName}`)
  const tokenLink = fetch_.getByRole('link', { name: `Token “${label}”` })
  await expect(tokenLink).toHaveAttribute('title', `Token id ${token.id}`)
  await expect(fetch_.getByText(token.id)).toBeHidden()

  const shared = eventRow(page, 'Shared')
  await expect(shared.getByRole('link', { name: `Token “${label}”` })).toBeVisible()
  await expect(shared.getByRole('cell').nth(1)).toContainText(`by ${owner.name}`)
  await expect(shared.getByText(`with: ${walt.email}`)).toBeVisible()
  await expect(
    eventRow(page, 'Bot key created').getByRole('link', { name: `Bot key “${keyName}”` }),
  ).toBeVisible()

  // A sign-in: a short browser name, the full user agent only on hover or unfolded.
  const login = eventRow(page, 'Signed in').first()
  const client = login
    .getByRole('cell')
    .nth(4)
    .getByText(/(Chrome|Chromium) on Linux/)
  await expect(client).toBeVisible()
  await expect(client).toHaveAttribute('title', /^Mozilla\/5\.0/)
  await expect(login.getByText(/^Mozilla\/5\.0/)).toBeHidden()
  await login.getByText('Ids').click()
  await expect(login.getByText(/^Mozilla\/5\.0/)).toBeVisible()

  // Every action reads as words, none as its code.
  const labels = await page.locator('.audit-table tbody td .cell-strong').allTextContents()
  expect(labels.length).toBeGreaterThanOrEqual(5)
  expect(labels.filter((l) => /^[a-z_]+\.[a-z_]+$/.test(l))).toEqual([])
  await expectAccessible(page)

  // An action with `_` in it filters exactly.
  await page.goto('/audit?action=token.share_added')
  await expect(eventRow(page, 'Shared')).toHaveCount(1)
  await expect(page.locator('.audit-table tbody tr')).toHaveCount(1)

  const [csv, csvText] = await downloaded(page, 'Export CSV')
  expect(csv.suggestedFilename()).toMatch(/^tokendesk-audit-\d{4}-\d{2}-\d{2}\.csv$/)
  const [header, ...rows] = csvText.trimEnd().split('\r\n')
  expect(header).toBe(
    'id,at,action,what,actor,actor_type,actor_id,actor_email,target_type,target_id,target_name,ip,client,user_agent,detail',
  )
  expect(rows).toHaveLength(1)
  expect(rows[0]).toContain(`,token.share_added,Shared,${owner.name},person,`)
  expect(rows[0]).toContain(`,token,${token.id},${label},`)

  await page.goto('/audit?action=bot')
  const [jsonl, jsonText] = await downloaded(page, 'Export JSON lines')
  expect(jsonl.suggestedFilename()).toMatch(/^tokendesk-audit-\d{4}-\d{2}-\d{2}\.jsonl$/)
  const events = jsonText
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line))
  expect(events.map((e) => [e.action, e.targetName])).toEqual([
    ['bot.access', label],
    ['bot_key.created', keyName],
  ])
  expect(events[0]).toMatchObject({
    actorType: 'bot_key',
    actorName: keyName,
    actor: `bot key ${keyName}`,
    what: 'Bot fetched the token',
    targetId: token.id,
  })

  // The sharee's own log holds none of the owner's events, in the page or in a file.
  const waltPage = await pageAs(walt)
  await waltPage.goto('/audit')
  await expect(eventRow(waltPage, 'Signed in')).not.toHaveCount(0)
  const [, waltText] = await downloaded(waltPage, 'Export JSON lines')
  expect(waltText).not.toContain(keyName)
  expect(waltText).not.toContain(token.id)
})

test('the admin sees people and the first admin named, and the page fits a phone', async ({
  people,
  pageAs,
}) => {
  test.slow()
  const person = await people.create(`Nina ${uniqueTag()}`)
  const admin = await pageAs('admin')
  await admin.goto('/audit?action=user.setup')
  const setup = eventRow(admin, 'First admin created with the setup link')
  await expect(setup.getByText(`Person “${ADMIN.name}”`)).toBeVisible()
  await expect(setup.getByRole('cell').nth(1)).toContainText(`by ${ADMIN.name}`)

  await admin.goto('/audit?action=user.created')
  await expect(
    eventRow(admin, 'Person added').filter({ hasText: `Person “${person.name}”` }),
  ).toHaveCount(1)
  await expectAccessible(admin)

  await admin.setViewportSize({ width: 390, height: 844 })
  await admin.goto('/audit')
  await expect(eventRow(admin, 'Person added').first()).toBeVisible()
  const width = await admin.evaluate(() => document.documentElement.scrollWidth)
  expect(width).toBeLessThanOrEqual(390)
  await expect(admin.getByRole('link', { name: 'Export CSV' })).toBeVisible()
  // Who and when fold away on a phone; the action stays in view.
  await expect(admin.getByLabel('Action')).toBeVisible()
  await expect(admin.getByLabel('Actor')).toBeHidden()
  await admin.getByRole('button', { name: 'More filters' }).click()
  await expect(admin.getByLabel('Actor')).toBeVisible()
  await expectAccessible(admin)
})
