import { ensureOwner, expect, expectAccessible, signedInAs, test } from '../fixtures'
import { serverInfo } from '../server-info'

test('an add-on goes from descriptor to install, tokens, a connected user and uninstall', async ({
  page,
}) => {
  const olga = await ensureOwner('Olga')
  const { emulatorUrl } = serverInfo()
  await signedInAs(page, olga.email, olga.password)

  await page.goto('/add-ons')
  await page.getByLabel('Key').fill(`com.example.deploy-bot${test.info().retry || ''}`)
  await page.getByLabel('Name').fill('Deploy Bot')
  await page.getByRole('checkbox', { name: 'Send Notification' }).check()
  await page.getByRole('checkbox', { name: 'View Room' }).check()
  await page.getByRole('button', { name: 'Create add-on' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Deploy Bot' })).toBeVisible()
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
  await page.getByRole('link', { name: 'Deploy Bot' }).click()
  await expect(page.getByText('Active').first()).toBeVisible()
  await expectAccessible(page)

  const mint = page.getByRole('form', { name: 'Mint add-on token' })
  await mint.getByRole('button', { name: 'Mint add-on token' }).click()
  await page.getByRole('link', { name: 'View the new token' }).click()
  const expiry = page.locator('dt:text-is("Expires") + dd time')
  const before = await expiry.getAttribute('datetime')
  expect(Date.parse(before ?? '')).toBeGreaterThan(Date.now())
  await page.waitForTimeout(1100)
  await page.getByRole('button', { name: 'Refresh', exact: true }).click()
  await expect.poll(() => expiry.getAttribute('datetime')).not.toBe(before)
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
  await emu.getByRole('button', { name: /^Uninstall Deploy Bot/ }).click()
  await page.reload()
  await expect(page.getByText('Removed').first()).toBeVisible()
  await expect(tokens.getByText('Revoked')).toHaveCount(2)
})
