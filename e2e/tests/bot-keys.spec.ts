import { expect, expectAccessible, pasteEmulatorToken, test } from '../fixtures'
import { serverInfo } from '../server-info'

test('a bot key fetches its token until it is revoked', async ({ owner, pageAs, emulator }) => {
  const { baseURL } = serverInfo()
  const page = await pageAs(owner, { permissions: ['clipboard-read', 'clipboard-write'] })
  const { id, value } = await pasteEmulatorToken(page, emulator, 'Chat bot')

  await page.goto('/bot-keys')
  await expectAccessible(page)
  await page.getByLabel('Name').fill('deploy pipeline')
  await page.getByRole('checkbox', { name: /Chat bot/ }).check()
  await page.getByRole('button', { name: 'Create bot key' }).click()
  const shown = page.getByRole('dialog', { name: 'Your new bot key' })
  await shown.getByRole('button', { name: 'Copy key' }).click()
  const key = await page.evaluate(() => navigator.clipboard.readText())
  expect(key).toMatch(/^tdk_/)
  await expectAccessible(page)
  await shown.getByRole('button', { name: 'I have copied it' }).click()
  await expect(page.getByText(key)).toHaveCount(0)

  const access = () =>
    fetch(`${baseURL}/api/v1/tokens/${id}/access`, { headers: { authorization: `Bearer ${key}` } })
  const ok = await access()
  expect(ok.status).toBe(200)
  expect((await ok.json()).access_token).toBe(value)

  await page.getByRole('button', { name: 'Revoke deploy pipeline' }).click()
  await page.getByRole('button', { name: 'Revoke key' }).click()
  await expect(page.getByText('“deploy pipeline” is revoked.')).toBeVisible()
  expect((await access()).status).toBe(401)
})
