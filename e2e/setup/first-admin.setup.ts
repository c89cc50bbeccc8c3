import { expect, expectAccessible, test } from '../fixtures'
import { ADMIN, ADMIN_STATE, serverInfo } from '../server-info'

test('the printed setup URL creates the first admin', async ({ page }) => {
  await page.goto('/setup')
  await expect(page.getByText(/this page needs the setup link/i)).toBeVisible()

  await page.goto(serverInfo().setupUrl)
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await expectAccessible(page)
  expect(new URL(page.url()).hash).toBe('')

  await page.getByLabel('Name').fill(ADMIN.name)
  await page.getByLabel('Email').fill(ADMIN.email)
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password)
  await page.getByLabel('Confirm password').fill(ADMIN.password)
  await page.getByRole('button', { name: 'Create admin' }).click()

  await expect(page.getByRole('link', { name: 'People' })).toBeVisible()
  await page.context().storageState({ path: ADMIN_STATE })
})
