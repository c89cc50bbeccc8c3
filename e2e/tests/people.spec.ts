import type { Locator, Page } from '@playwright/test'
import { expect, expectAccessible, signIn, test, uniqueEmail } from '../fixtures'
import { ADMIN } from '../server-info'

// Several browsers, sign-ins and axe runs per test.
test.describe.configure({ timeout: 120_000 })

/** Freshly signed in, so the step-up window for adding people is open. */
const asAdmin = { email: ADMIN.email, password: ADMIN.password }

async function fillPerson(page: Page, email: string, name: string, role = 'owner') {
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Name').fill(name)
  await page.getByLabel('Role').selectOption(role)
}

/** Creates an invite on the People page and returns the link the dialog shows once. */
async function inviteOnPeoplePage(page: Page, email: string, name: string) {
  await page.goto('/people')
  await expect(page.getByLabel('Send an invite link')).toBeChecked()
  await fillPerson(page, email, name)
  await page.getByRole('button', { name: 'Create invite link' }).click()
  const dialog = page.getByRole('dialog', { name: 'Invite link created' })
  await expect(dialog).toBeVisible()
  await expectAccessible(page)
  const link = (await dialog.locator('code').textContent()) ?? ''
  expect(link).toMatch(/\/invite#[A-Za-z0-9_-]{43}$/)
  await dialog.getByRole('button', { name: 'I have copied it' }).click()
  await expect(dialog).toBeHidden()
  return link
}

const pendingRow = (page: Page, email: string) =>
  page.getByRole('table', { name: 'Pending invites' }).getByRole('row').filter({ hasText: email })

const PHONE = { width: 390, height: 844 }

/** Checks the page at a phone's width, then puts the window back as it was. */
async function expectNoSidewaysScroll(page: Page) {
  const before = page.viewportSize() ?? { width: 1280, height: 720 }
  await page.setViewportSize(PHONE)
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
    PHONE.width,
  )
  await page.setViewportSize(before)
}

const boxesOverlap = (a: DOMRectReadOnly, b: DOMRectReadOnly) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom

async function rect(locator: Locator) {
  return locator.evaluate((el) => el.getBoundingClientRect().toJSON() as DOMRectReadOnly)
}

test('an invite link: created once, accepted by the person, who is then signed in', async ({
  pageAs,
  browser,
  people,
}) => {
  const email = uniqueEmail('Ivy Invitee')
  people.disableAfter(email)
  const admin = await pageAs(asAdmin)
  const link = await inviteOnPeoplePage(admin, email, 'Ivy Invitee')
  await expect(pendingRow(admin, email)).toContainText('Ivy Invitee')
  await expect(pendingRow(admin, email)).toContainText(ADMIN.name)
  await expectNoSidewaysScroll(admin)

  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } })
  const sent: string[] = []
  context.on('request', (request) => sent.push(request.url()))
  const ivy = await context.newPage()
  await ivy.goto(link)
  await expect(ivy.getByRole('heading', { level: 1, name: 'Join Token Desk' })).toBeVisible()
  await expect(ivy.getByText(email)).toBeVisible()
  expect(new URL(ivy.url()).hash).toBe('')
  await expectAccessible(ivy)
  await expectNoSidewaysScroll(ivy)
  await ivy.getByLabel('Password', { exact: true }).fill('ivy chose this herself')
  await ivy.getByLabel('Confirm password').fill('ivy chose this herself')
  await ivy.getByRole('button', { name: 'Create my account' }).click()
  await expect(ivy.getByRole('button', { name: /log out/i })).toBeVisible()
  await expect(ivy.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible()
  const token = link.split('#')[1] ?? ''
  expect(sent.filter((url) => url.includes(token))).toEqual([])

  // The link is spent: opening it again says so.
  const again = await context.newPage()
  await again.goto(link)
  await expect(again.getByText('This invite cannot be used')).toBeVisible()
  await expect(again.getByText(/already been used/)).toBeVisible()
  await context.close()

  await admin.reload()
  await expect(admin.getByRole('cell', { name: email })).toBeVisible()
  await expect(pendingRow(admin, email)).toHaveCount(0)
})

test('a revoked invite link no longer works', async ({ pageAs, browser }) => {
  const email = uniqueEmail('Rex Revoked')
  const admin = await pageAs(asAdmin)
  const link = await inviteOnPeoplePage(admin, email, 'Rex Revoked')
  await pendingRow(admin, email)
    .getByRole('button', { name: /revoke/i })
    .click()
  await admin.getByRole('button', { name: 'Revoke invite' }).click()
  await expect(
    admin.getByRole('status').getByText(`The invite for ${email} no longer works.`),
  ).toBeVisible()
  await expect(pendingRow(admin, email)).toHaveCount(0)

  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } })
  const rex = await context.newPage()
  await rex.goto(link)
  await expect(rex.getByText(/not valid: it may have been revoked/)).toBeVisible()
  await expect(rex.getByRole('button', { name: 'Create my account' })).toHaveCount(0)
  await context.close()
})

test('a password an admin sets must be changed at next sign-in before anything else', async ({
  pageAs,
  browser,
  people,
}) => {
  const email = uniqueEmail('Fran Forced')
  const given = 'given by the admin 1'
  people.disableAfter(email)
  const admin = await pageAs(asAdmin)
  await admin.goto('/people')
  await admin.getByLabel('Set a password for them').check()
  await fillPerson(admin, email, 'Fran Forced')
  await admin.getByLabel('Initial password').fill(given)
  await expect(admin.getByLabel('Must change password at next sign-in')).toBeChecked()
  await expectAccessible(admin)
  await admin.getByRole('button', { name: 'Create person' }).click()
  const row = admin.getByRole('row').filter({ hasText: email })
  await expect(row.getByText('Must change password')).toBeVisible()

  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } })
  const fran = await context.newPage()
  await signIn(fran, email, given)
  await expect(
    fran.getByRole('heading', { level: 1, name: 'Choose your own password' }),
  ).toBeVisible()
  await expectAccessible(fran)
  await expectNoSidewaysScroll(fran)
  // Nothing else opens, in the app or the API, until the password is changed.
  await fran.goto('/tokens')
  await expect(fran).toHaveURL(/\/change-password$/)
  const refused = await fran.request.get('/api/tokens')
  expect(refused.status()).toBe(403)
  expect((await refused.json()).error.code).toBe('password_change_required')

  await fran.getByLabel('Password you were given').fill(given)
  await fran.getByLabel('New password', { exact: true }).fill('fran picked her own')
  await fran.getByLabel('Confirm new password').fill('fran picked her own')
  await fran.getByRole('button', { name: 'Change password' }).click()
  await expect(fran.getByRole('heading', { level: 1, name: 'Tokens' })).toBeVisible()
  expect((await fran.request.get('/api/tokens')).status()).toBe(200)

  // An admin reset does the same, and signs the person out everywhere at once.
  await admin.reload()
  await admin.getByRole('button', { name: 'Reset password for Fran Forced' }).click()
  const dialog = admin.getByRole('dialog', { name: 'Reset the password for Fran Forced' })
  await dialog.getByLabel('New password').fill('reset by the admin 2')
  await expect(dialog.getByLabel('Must change password at next sign-in')).toBeChecked()
  await dialog.getByRole('button', { name: 'Set password' }).click()
  await expect(dialog).toBeHidden()
  expect((await fran.request.get('/api/auth/me')).status()).toBe(401)
  await signIn(fran, email, 'reset by the admin 2')
  await expect(
    fran.getByRole('heading', { level: 1, name: 'Choose your own password' }),
  ).toBeVisible()
  await context.close()
})

test('success toasts cover no row button, are announced, dismissible and brief', async ({
  pageAs,
  people,
}) => {
  const bo = await people.create('Bo Toast')
  const admin = await pageAs(asAdmin)
  await admin.setViewportSize({ width: 1280, height: 720 })
  await admin.goto('/people')
  const row = admin.getByRole('row').filter({ hasText: bo.email })
  await row.getByRole('button', { name: `Make admin ${bo.name}` }).click()
  const toast = admin.getByRole('status', { name: 'Notifications' }).locator('.toast')
  await expect(toast).toContainText(`${bo.name} is now an admin.`)

  const toastBox = await rect(toast)
  for (const button of await admin.locator('main tr button').all()) {
    if (!(await button.isVisible())) continue
    expect(boxesOverlap(toastBox, await rect(button))).toBe(false)
  }
  await expect(toast).toBeHidden({ timeout: 6000 })

  await row.getByRole('button', { name: `Make owner ${bo.name}` }).click()
  await expect(toast).toContainText(`${bo.name} is now an owner.`)
  await toast.getByRole('button', { name: 'Dismiss notification' }).click()
  await expect(toast).toBeHidden()
})
