import type { Page } from '@playwright/test'
import { expect, expectAccessible, test, uniqueTag } from '../fixtures'
import { serverInfo } from '../server-info'

const UNTRUSTED = 'https://api.example.com/v2/'
const DAY = 86_400_000

/** A datetime-local value for a moment, in the browser's own time zone. */
function localInput(page: Page, at: number) {
  return page.evaluate((ms) => {
    const d = new Date(ms)
    const pad = (n: number) => String(n).padStart(2, '0')
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
  }, at)
}

test('pasting: the trusted-provider picker, an explicit unverified save, a re-check and a manual expiry', async ({
  ownerPage: page,
  emulator,
}) => {
  const emulatorApi = `${serverInfo().emulatorUrl}/v2/`
  const state = await emulator.state()
  const value = await emulator.personalToken(state.users[0]?.id ?? '', ['send_notification'])
  const label = `Release notes bot ${uniqueTag()}`

  // The picker offers the providers this server trusts; "Other…" explains what it costs.
  await page.goto('/tokens')
  await page.getByRole('button', { name: 'Paste token' }).click()
  const dialog = page.getByRole('dialog', { name: 'Paste a token' })
  const picker = dialog.getByLabel('Provider', { exact: true })
  await expect(picker).toHaveValue(emulatorApi)
  await expect(picker.locator('option', { hasText: emulatorApi })).toHaveCount(1)
  await expect(dialog.getByLabel('Provider API URL')).toHaveCount(0)
  await picker.selectOption({ label: 'Other…' })
  const url = dialog.getByLabel('Provider API URL')
  await expect(url).toBeVisible()
  await expect(
    dialog.getByText(/If this URL is not one of them, the token cannot be verified/),
  ).toBeVisible()
  await dialog.getByLabel('Label').fill(label)
  await dialog.getByLabel('Token value').fill(value)
  await url.fill(UNTRUSTED)
  await dialog.getByRole('button', { name: 'Add token' }).click()

  // Not verifiable: the dialog stays, says why, and saving unverified is a choice of its own.
  await expect(dialog.getByText('Token Desk could not verify this token')).toBeVisible()
  await expect(
    dialog.getByText('https://api.example.com is not a provider this server trusts', {
      exact: false,
    }),
  ).toBeVisible()
  await expectAccessible(page)
  const save = dialog.getByRole('button', { name: 'Save without verifying' })
  await expect(save).toBeFocused()
  await save.press('Enter')
  await expect(dialog).toHaveCount(0)
  await expect(page.getByText(`“${label}” was saved without verifying.`)).toBeVisible()

  // The token page: change the provider to a trusted one and check again.
  await page.getByRole('link', { name: label }).first().click()
  await expect(page.getByRole('heading', { level: 1, name: label })).toBeVisible()
  const provider = page.getByRole('region', { name: 'Provider' })
  await expect(provider.getByText(/Not verified \(provider is not trusted\)/)).toBeVisible()
  await expect(provider.getByLabel('Provider API URL')).toHaveValue(UNTRUSTED)
  await provider.getByLabel('Provider', { exact: true }).selectOption(emulatorApi)
  await provider.getByRole('button', { name: 'Check with the provider' }).click()
  await expect(page.getByText(/Verified with the provider: scopes and its expiry/)).toBeVisible()
  const details = page.getByRole('region', { name: 'Details' })
  await expect(details.getByText(emulatorApi)).toBeVisible()
  await expect(details.getByText('as the provider says', { exact: false })).toBeVisible()
  await expectAccessible(page)

  // A manual expiry keeps the provider's date beside it, marked, until the owner goes back.
  const edit = page.getByRole('region', { name: 'Edit' })
  await expect(edit.getByText(/The provider says/)).toBeVisible()
  await edit.getByLabel('Expiry').fill(await localInput(page, Date.now() + 7 * DAY))
  await edit.getByRole('button', { name: 'Save changes' }).click()
  await expect(details.getByText('manual', { exact: true })).toBeVisible()
  const note = details.getByText(/Provider says:/)
  await expect(note).toContainText(/Provider says: .+\(.+\); you set: .+\(in (7|6) days\)/)
  await expect(note.locator('time')).toHaveCount(2)
  await expect(details.getByText('Expiring soon')).toBeVisible()
  await expectAccessible(page)

  await page.getByRole('button', { name: 'Use the provider’s date' }).click()
  await expect(details.getByText('manual', { exact: true })).toHaveCount(0)
  await expect(details.getByText('as the provider says', { exact: false })).toBeVisible()

  // At a phone's width the token page still does not scroll sideways.
  await page.setViewportSize({ width: 390, height: 844 })
  await expect(provider).toBeVisible()
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
  ).toBeLessThanOrEqual(0)
})
