import { expect, expectAccessible, test } from '../fixtures'
import { serverInfo } from '../server-info'

const XSS_LABEL = '<img src=x onerror=alert(1)>'

test('an owner pastes, copies and shares a token; others see only what they may', async ({
  people,
  pageAs,
  emulator,
}) => {
  const clipboard = { permissions: ['clipboard-read', 'clipboard-write'] }
  const vera = await people.create('Vera')
  const walt = await people.create('Walt')
  const state = await emulator.state()
  const value = await emulator.personalToken(state.users[0]?.id ?? '', [
    'send_notification',
    'view_room',
  ])

  const page = await pageAs(vera, clipboard)
  let dialogs = 0
  page.on('dialog', async (d) => {
    dialogs++
    await d.dismiss()
  })
  await page.goto('/tokens')
  await expect(page.getByText('No tokens yet')).toBeVisible()
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Paste token' }).click()
  const dialog = page.getByRole('dialog', { name: 'Paste a token' })
  await dialog.getByLabel('Label').fill(XSS_LABEL)
  await dialog.getByLabel('Token value').fill(value)
  await dialog
    .getByLabel('Provider', { exact: true })
    .selectOption(`${serverInfo().emulatorUrl}/v2/`)
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
  await page.getByRole('button', { name: 'Copy', exact: true }).click()
  await expect(page.getByText('Copied', { exact: true })).toBeVisible()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(value)
  await expect(page.getByText(value)).toHaveCount(0)
  await expectAccessible(page)

  const waltPage = await pageAs(walt, clipboard)
  await waltPage.goto(tokenUrl)
  await expect(waltPage.getByRole('heading', { level: 1 })).toHaveText(/not found/i)

  await page.getByLabel('Share with (email)').fill(walt.email)
  await page.getByLabel('Access').selectOption('use')
  await page.getByRole('button', { name: 'Share', exact: true }).click()
  await expect(page.getByRole('button', { name: `Remove ${walt.email}` })).toBeVisible()

  await waltPage.goto(tokenUrl)
  await expect(waltPage.getByRole('heading', { level: 1, name: XSS_LABEL })).toBeVisible()
  await waltPage.getByRole('button', { name: 'Copy', exact: true }).click()
  await expect(waltPage.getByText('Copied', { exact: true })).toBeVisible()
  expect(await waltPage.evaluate(() => navigator.clipboard.readText())).toBe(value)

  const adminPage = await pageAs('admin')
  await adminPage.goto('/tokens?scope=all')
  await expect(adminPage.getByRole('row').filter({ hasText: XSS_LABEL })).toBeVisible()
  await adminPage.goto(tokenUrl)
  await expect(adminPage.getByRole('heading', { level: 1, name: XSS_LABEL })).toBeVisible()
  await expect(adminPage.getByRole('button', { name: 'Copy', exact: true })).toHaveCount(0)
  await expect(adminPage.getByRole('button', { name: 'Reveal' })).toHaveCount(0)

  expect(dialogs).toBe(0)
})
