import { emulator, ensureOwner, expect, expectAccessible, signedInAs, test } from '../fixtures'
import { ADMIN_STATE } from '../server-info'

const XSS_LABEL = '<img src=x onerror=alert(1)>'

test.describe.configure({ mode: 'serial' })

test('an owner pastes, copies and shares a token; others see only what they may', async ({
  browser,
}) => {
  const vera = await ensureOwner('Vera')
  const walt = await ensureOwner('Walt')
  const state = await emulator('/state')
  const userId = state.users[0].id
  const minted = await emulator('/personal-tokens', {
    userId,
    scopes: ['send_notification', 'view_room'],
  })
  const value: string = minted.access_token

  const veraContext = await browser.newContext({
    permissions: ['clipboard-read', 'clipboard-write'],
  })
  const page = await veraContext.newPage()
  let dialogs = 0
  page.on('dialog', async (d) => {
    dialogs++
    await d.dismiss()
  })
  await signedInAs(page, vera.email, vera.password)
  await page.goto('/tokens')
  await expect(page.getByText('No tokens yet')).toBeVisible()
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Paste token' }).click()
  const dialog = page.getByRole('dialog', { name: 'Paste a token' })
  await dialog.getByLabel('Label').fill(XSS_LABEL)
  await dialog.getByLabel('Token value').fill(value)
  await dialog
    .getByLabel('Provider API URL')
    .fill(`${(await import('../server-info')).serverInfo().emulatorUrl}/v2/`)
  await dialog.getByRole('button', { name: 'Add token' }).click()

  const row = page.getByRole('row').filter({ hasText: XSS_LABEL })
  await expect(row).toBeVisible()
  await expect(row.getByText('Valid')).toBeVisible()
  await expect(row.locator('time')).toHaveAttribute('datetime', /^\d{4}-/)
  expect(await page.locator('img[src="x"]').count()).toBe(0)
  await expectAccessible(page)

  await row.getByRole('link', { name: XSS_LABEL }).click()
  await expect(page.getByRole('heading', { level: 1, name: XSS_LABEL })).toBeVisible()
  const tokenUrl = page.url()
  await page.getByRole('button', { name: 'Copy' }).click()
  await expect(page.getByText('Copied', { exact: true })).toBeVisible()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(value)
  await expect(page.getByText(value)).toHaveCount(0)
  await expectAccessible(page)

  const waltContext = await browser.newContext({
    permissions: ['clipboard-read', 'clipboard-write'],
  })
  const waltPage = await waltContext.newPage()
  await signedInAs(waltPage, walt.email, walt.password)
  await waltPage.goto(tokenUrl)
  await expect(waltPage.getByRole('heading', { level: 1 })).toHaveText(/not found/i)

  await page.getByLabel('Share with (email)').fill(walt.email)
  await page.getByLabel('Access').selectOption('use')
  await page.getByRole('button', { name: 'Share', exact: true }).click()
  await expect(page.getByRole('button', { name: `Remove ${walt.email}` })).toBeVisible()

  await waltPage.goto(tokenUrl)
  await expect(waltPage.getByRole('heading', { level: 1, name: XSS_LABEL })).toBeVisible()
  await waltPage.getByRole('button', { name: 'Copy' }).click()
  await expect(waltPage.getByText('Copied', { exact: true })).toBeVisible()
  expect(await waltPage.evaluate(() => navigator.clipboard.readText())).toBe(value)

  const adminContext = await browser.newContext({ storageState: ADMIN_STATE })
  const adminPage = await adminContext.newPage()
  await adminPage.goto('/tokens?scope=all')
  await expect(adminPage.getByRole('row').filter({ hasText: XSS_LABEL })).toBeVisible()
  await adminPage.goto(tokenUrl)
  await expect(adminPage.getByRole('heading', { level: 1, name: XSS_LABEL })).toBeVisible()
  await expect(adminPage.getByRole('button', { name: 'Copy' })).toHaveCount(0)
  await expect(adminPage.getByRole('button', { name: 'Reveal' })).toHaveCount(0)

  expect(dialogs).toBe(0)
  await Promise.all([veraContext.close(), waltContext.close(), adminContext.close()])
})
