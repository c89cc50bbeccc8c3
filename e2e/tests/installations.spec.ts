import { expect, expectAccessible, test, uniqueTag } from '../fixtures'
import { serverInfo } from '../server-info'

test('an add-on goes from descriptor to install, tokens, a connected user and uninstall', async ({
  ownerPage: page,
}) => {
  // An install, a consent round trip and three accessibility scans.
  test.slow()
  const { emulatorUrl } = serverInfo()
  // The emulator outlives each test: a name of this test's own finds only this add-on there.
  const name = `Deploy Bot ${uniqueTag()}`

  await page.goto('/add-ons')
  await page.getByLabel('Key').fill(`com.example.${name.toLowerCase().replaceAll(' ', '-')}`)
  await page.getByLabel('Name').fill(name)
  await page.getByRole('checkbox', { name: 'Send Notification' }).check()
  await page.getByRole('checkbox', { name: 'View Room' }).check()
  await page.getByRole('button', { name: 'Create add-on' }).click()
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
  await expectAccessible(page)
  const descriptorUrl =
    (await page.locator('code.copyable-value').first().textContent())?.trim() ?? ''
  expect(descriptorUrl).toMatch(/\/api\/addons\/[\w-]+\/descriptor$/)

  const emu = await page.context().newPage()
  await emu.goto(`${emulatorUrl}/admin`)
  await emu.getByLabel(/Descriptor URL/).fill(descriptorUrl)
  await emu.getByRole('button', { name: 'Install', exact: true }).click()
  await expect(emu.getByText(/201|installed/i).first()).toBeVisible()

  await page.goto('/installations')
  await page.getByRole('link', { name }).click()
  await expect(page.getByText('Active').first()).toBeVisible()
  await expectAccessible(page)

  const mint = page.getByRole('form', { name: 'Mint add-on token' })
  await mint.getByRole('button', { name: 'Mint add-on token' }).click()
  await page.getByRole('link', { name: 'View the new token' }).click()
  const expiry = page.locator('dt:text-is("Expires") + dd time')
  const refreshedAt = page.locator('dt:text-is("Last refreshed") + dd time')
  const expiresBefore = Date.parse((await expiry.getAttribute('datetime')) ?? '')
  expect(expiresBefore).toBeGreaterThan(Date.now())
  const refreshedBefore = await refreshedAt.getAttribute('datetime')
  await page.getByRole('button', { name: 'Refresh', exact: true }).click()
  await expect(page.getByText(/^Refreshed\. New expiry/)).toBeVisible()
  await expect.poll(() => refreshedAt.getAttribute('datetime')).not.toBe(refreshedBefore)
  expect(Date.parse((await expiry.getAttribute('datetime')) ?? '')).toBeGreaterThanOrEqual(
    expiresBefore,
  )
  await page.goBack()

  const installationUrl = page.url()
  const connect = page.getByRole('form', { name: 'Connect a user' })
  await connect.getByRole('button', { name: 'Connect a user' }).click()
  await page.waitForURL(`${emulatorUrl}/users/authorize**`)
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Approve' }).click()
  await page.waitForURL(/\/tokens\/[\w-]+\?connected=1/)
  await expect(page.getByText('User token', { exact: false }).first()).toBeVisible()
  await page.goto(installationUrl)
  const tokens = page.getByRole('table', { name: 'Tokens of this installation' })
  await expect(tokens.getByRole('row')).toHaveCount(3)

  await emu.goto(`${emulatorUrl}/admin`)
  await emu.getByRole('button', { name: new RegExp(`^Uninstall ${name}`) }).click()
  await page.reload()
  await expect(page.getByText('Removed').first()).toBeVisible()
  await expect(tokens.getByText('Revoked')).toHaveCount(2)
})
