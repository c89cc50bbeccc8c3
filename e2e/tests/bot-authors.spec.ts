import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from '@playwright/test'
import { expect, expectAccessible, type Person, pasteEmulatorToken, test } from '../fixtures'
import { serverInfo } from '../server-info'

// Each walks a whole flow with several axe checks; the shared CI machine is slow at times.
test.describe.configure({ timeout: 90_000 })

const CLIPBOARD = { permissions: ['clipboard-read', 'clipboard-write'] }
const DAY = 24 * 3_600_000

/** Creates a key through the API; the session was just signed in, so no password is asked. */
async function createKeyByApi(page: Page, name: string, tokenIds: string[]) {
  const res = await page.request.post('/api/bot-keys', {
    headers: { origin: serverInfo().baseURL },
    data: { name, tokenIds },
  })
  expect(res.status(), await res.text()).toBe(201)
  return (await res.json()) as { id: string; key: string }
}

const access = (tokenId: string, key: string) =>
  fetch(`${serverInfo().baseURL}/api/v1/tokens/${tokenId}/access`, {
    headers: { authorization: `Bearer ${key}` },
  })

/**
 * Moves the person's sign-in back past the step-up window (10 minutes), as if they had signed
 * in a while ago: the next guarded change asks for the password. Written straight into the e2e
 * server's SQLite file, with the server's own driver.
 */
function ageSignIn(person: Person) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '../..')
  const require = createRequire(join(root, 'server/package.json'))
  type Statement = { run(...params: unknown[]): { changes: number } }
  const Database = require('better-sqlite3') as new (
    file: string,
  ) => { prepare(sql: string): Statement; pragma(p: string): unknown; close(): void }
  const db = new Database(join(serverInfo().dataDir, 'tokendesk.db'))
  try {
    db.pragma('busy_timeout = 5000')
    const { changes } = db
      .prepare(
        'update sessions set authenticated_at = authenticated_at - ? where user_id = (select id from users where email = ?)',
      )
      .run(11 * 60_000, person.email)
    expect(changes).toBeGreaterThan(0)
  } finally {
    db.close()
  }
}

const keyRow = (page: Page, name: string) =>
  page.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) })

test('the one-time key dialog shows a line per token, asks before closing, gives focus back', async ({
  owner,
  pageAs,
  emulator,
}) => {
  const page = await pageAs(owner, CLIPBOARD)
  const deploy = await pasteEmulatorToken(page, emulator, 'Deploy token')
  const backup = await pasteEmulatorToken(page, emulator, 'Backup token')

  await page.goto('/bot-keys')
  await page.getByLabel('Name').fill('ci-bot')
  await expect(page.getByLabel('Expiration')).toHaveValue('30')
  await page.getByRole('checkbox', { name: 'Deploy token' }).check()
  await page.getByRole('checkbox', { name: 'Backup token' }).check()
  const create = page.getByRole('button', { name: 'Create bot key' })
  await create.click()

  const shown = page.getByRole('dialog', { name: 'Your new bot key' })
  const key = (await shown.locator('code.revealed-value').textContent()) ?? ''
  expect(key).toMatch(/^tdk_/)
  const { baseURL } = serverInfo()
  for (const token of [deploy, backup])
    await expect(
      shown.getByText(
        `curl -H "Authorization: Bearer ${key}" ${baseURL}/api/v1/tokens/${token.id}/access`,
      ),
    ).toBeVisible()
  await expectAccessible(page)

  // Escape while the key is unconfirmed: a question, not a lost key.
  await shown.getByRole('button', { name: 'Copy key' }).focus()
  await page.keyboard.press('Escape')
  const ask = page.getByRole('dialog', { name: 'Have you copied the key?' })
  await expect(ask).toBeVisible()
  await expectAccessible(page)
  await page.keyboard.press('Escape') // on the question: "go back"
  await expect(ask).toBeHidden()
  await expect(shown.locator('code.revealed-value')).toHaveText(key)
  await expect(shown.getByRole('button', { name: 'Copy key' })).toBeFocused()

  await shown.getByRole('button', { name: 'Close', exact: true }).click()
  await ask.getByRole('button', { name: 'Go back' }).click()
  await expect(shown).toBeVisible()
  await shown.getByRole('button', { name: 'Close', exact: true }).click()
  await ask.getByRole('button', { name: 'Yes, close' }).click()
  await expect(shown).toBeHidden()
  await expect(page.getByText(key)).toHaveCount(0)
  await expect(create).toBeFocused()

  expect((await access(backup.id, key)).status).toBe(200)
})

test('the token page shows its id with Copy, and a curl line per bound key', async ({
  owner,
  pageAs,
  emulator,
}) => {
  const page = await pageAs(owner, CLIPBOARD)
  const token = await pasteEmulatorToken(page, emulator, 'Chat token')
  const bot = await createKeyByApi(page, 'chat-bot', [token.id])

  await page.goto(`/tokens/${token.id}`)
  const section = page.getByRole('region', { name: 'Use it from a bot' })
  await expect(section.getByText(token.id, { exact: true })).toBeVisible()
  await section.getByRole('button', { name: 'Copy token id' }).click()
  await expect(page.getByText('Token id copied to the clipboard.')).toBeVisible()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token.id)

  const line = `curl -H "Authorization: Bearer $TOKENDESK_BOT_KEY" ${serverInfo().baseURL}/api/v1/tokens/${token.id}/access`
  await expect(section.getByText(line)).toBeVisible()
  await expect(section.getByText(/With bot key “chat-bot”/)).toBeVisible()
  await expect(page.getByText(bot.key)).toHaveCount(0)
  await section.getByRole('button', { name: 'Copy curl line for bot key chat-bot' }).click()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(line)
  await expectAccessible(page)

  // The line works once the variable holds the key.
  const res = await fetch(line.split(' ').at(-1) ?? '', {
    headers: { authorization: `Bearer ${bot.key}` },
  })
  expect((await res.json()).access_token).toBe(token.value)
})

test('a key expires after the preset chosen, or never', async ({ owner, pageAs, emulator }) => {
  const page = await pageAs(owner)
  const token = await pasteEmulatorToken(page, emulator, 'Preset token')
  await page.goto('/bot-keys')

  const choices = [
    ['week-bot', '7 days'],
    ['forever-bot', 'No expiration'],
  ] as const
  for (const [name, preset] of choices) {
    await page.getByLabel('Name').fill(name)
    await page.getByLabel('Expiration').selectOption({ label: preset })
    await page.getByRole('checkbox', { name: 'Preset token' }).check()
    const before = Date.now()
    await page.getByRole('button', { name: 'Create bot key' }).click()
    await page
      .getByRole('dialog', { name: 'Your new bot key' })
      .getByRole('button', { name: 'I have copied it' })
      .click()
    const keys = (await (await page.request.get('/api/bot-keys')).json()).items as {
      name: string
      expiresAt: string | null
    }[]
    const made = keys.find((k) => k.name === name)
    if (preset === 'No expiration') {
      expect(made?.expiresAt).toBeNull()
      await expect(keyRow(page, name).getByText('Never').first()).toBeVisible()
    } else {
      const lifetime = Date.parse(made?.expiresAt ?? '') - before
      expect(lifetime).toBeGreaterThan(7 * DAY - 60_000)
      expect(lifetime).toBeLessThan(7 * DAY + 60_000)
      await expect(keyRow(page, name).getByText(/in 7 days/)).toBeVisible()
    }
  }
  expect(token.id).toBeTruthy()
})

test('rotating a key: the old one works through the grace chosen, then stops', async ({
  owner,
  pageAs,
  emulator,
}) => {
  const page = await pageAs(owner)
  const token = await pasteEmulatorToken(page, emulator, 'Rotated token')
  const first = await createKeyByApi(page, 'deploy-bot', [token.id])
  await page.goto('/bot-keys')

  const rotate = page.getByRole('button', { name: 'Rotate deploy-bot' })
  await rotate.click()
  const dialog = page.getByRole('dialog', { name: 'Rotate “deploy-bot”' })
  await dialog.getByLabel('The old key keeps working for').selectOption({ label: '1 hour' })
  await expectAccessible(page)
  await dialog.getByRole('button', { name: 'Rotate key' }).click()

  const shown = page.getByRole('dialog', { name: 'Your new bot key' })
  await expect(shown.getByText(/The key it replaces/)).toBeVisible()
  const second = (await shown.locator('code.revealed-value').textContent()) ?? ''
  expect(second).toMatch(/^tdk_/)
  await shown.getByRole('button', { name: 'I have copied it' }).click()
  // The Rotate button went with the old key's row: focus lands on the new key's row.
  await expect(page.locator('th[id^="bot-key-"]:focus')).toContainText('replaces an earlier key')

  const old = page.getByRole('row').filter({ hasText: first.key.slice(0, 10) })
  await expect(old.getByText('Replaced')).toBeVisible()
  await expect(old.getByText(/valid until/)).toBeVisible()
  await expect(old.getByText(/in 1 hour|in 60 minutes/).first()).toBeVisible()
  expect((await access(token.id, first.key)).status).toBe(200)
  expect((await access(token.id, second)).status).toBe(200)

  // Rotating the new key with no grace stops it at once.
  await page.getByRole('button', { name: /^Rotate deploy-bot/ }).click()
  await dialog.getByLabel('The old key keeps working for').selectOption({ label: 'Stop it now' })
  await dialog.getByRole('button', { name: 'Rotate key' }).click()
  const third = (await shown.locator('code.revealed-value').textContent()) ?? ''
  await shown.getByRole('button', { name: 'I have copied it' }).click()
  expect((await access(token.id, second)).status).toBe(401)
  expect((await access(token.id, third)).status).toBe(200)
  expect((await access(token.id, first.key)).status).toBe(200)
})

test('changing which tokens a key may fetch asks for the password first', async ({
  owner,
  pageAs,
  emulator,
}) => {
  const page = await pageAs(owner)
  const deploy = await pasteEmulatorToken(page, emulator, 'First token')
  const backup = await pasteEmulatorToken(page, emulator, 'Second token')
  const bot = await createKeyByApi(page, 'swap-bot', [deploy.id])
  ageSignIn(owner)

  await page.goto('/bot-keys')
  await page.getByRole('button', { name: 'Change tokens of swap-bot' }).click()
  const dialog = page.getByRole('dialog', { name: 'Tokens “swap-bot” may fetch' })
  await expect(dialog.getByRole('checkbox', { name: 'First token' })).toBeChecked()
  await dialog.getByRole('checkbox', { name: 'First token' }).uncheck()
  await dialog.getByRole('checkbox', { name: 'Second token' }).check()
  await dialog.getByRole('button', { name: 'Save tokens' }).click()

  const password = page.getByRole('dialog', { name: 'Confirm your password' })
  await expect(password.getByText(/changing which tokens a bot key may fetch/)).toBeVisible()
  await password.getByLabel('Password').fill(owner.password)
  await password.getByRole('button', { name: 'Confirm' }).click()
  await expect(page.getByText('“swap-bot” may now fetch 1 token.')).toBeVisible()
  await expect(keyRow(page, 'swap-bot').getByRole('link', { name: 'Second token' })).toBeVisible()

  expect((await access(backup.id, bot.key)).status).toBe(200)
  expect((await access(deploy.id, bot.key)).status).toBe(404)
})

test('refused calls of a key are listed on it, without the key', async ({
  owner,
  pageAs,
  emulator,
}) => {
  const page = await pageAs(owner)
  const token = await pasteEmulatorToken(page, emulator, 'Debug token')
  const other = await pasteEmulatorToken(page, emulator, 'Unbound token')
  const bot = await createKeyByApi(page, 'debug-bot', [token.id])

  expect((await access(other.id, bot.key)).status).toBe(404)
  const revoked = await page.request.delete(`/api/bot-keys/${bot.id}`, {
    headers: { origin: serverInfo().baseURL },
  })
  expect(revoked.status()).toBe(204)
  expect((await access(token.id, bot.key)).status).toBe(401)

  // Refused calls are written in the background, about once a second.
  await expect
    .poll(async () => {
      const res = await page.request.get(`/api/bot-keys/${bot.id}/failures`)
      return ((await res.json()).items as unknown[]).length
    })
    .toBe(2)
  await page.goto('/bot-keys')
  const toggle = page.getByRole('button', { name: 'Recent refused calls of debug-bot' })
  await toggle.click()
  await expect(toggle).toHaveAttribute('aria-expanded', 'true')
  const panel = page.getByRole('region', { name: 'Recent refused calls of “debug-bot”' })
  await expect(panel.getByRole('listitem')).toHaveCount(2)
  await expect(panel.getByRole('listitem').nth(0)).toContainText('401')
  await expect(panel.getByRole('listitem').nth(0)).toContainText('The key is revoked')
  await expect(panel.getByRole('listitem').nth(1)).toContainText('404')
  await expect(panel.getByRole('listitem').nth(1)).toContainText(other.id)
  await expect(page.getByText(bot.key)).toHaveCount(0)
  await expectAccessible(page)
})

test('a copied key leaves the clipboard after a minute, and the page says so', async ({
  owner,
  pageAs,
  emulator,
}) => {
  const page = await pageAs(owner, CLIPBOARD)
  await page.clock.install()
  await pasteEmulatorToken(page, emulator, 'Clipboard token')
  await page.goto('/bot-keys')
  await page.getByLabel('Name').fill('clip-bot')
  await page.getByRole('checkbox', { name: 'Clipboard token' }).check()
  await page.getByRole('button', { name: 'Create bot key' }).click()
  const shown = page.getByRole('dialog', { name: 'Your new bot key' })
  await shown.getByRole('button', { name: 'Copy key' }).click()
  await expect(
    page.getByText('Bot key copied; the clipboard is cleared in 1 minute.'),
  ).toBeVisible()
  const key = await page.evaluate(() => navigator.clipboard.readText())
  expect(key).toMatch(/^tdk_/)

  await page.clock.fastForward(59_000)
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key)
  await page.clock.fastForward(2_000)
  await expect(page.getByText('The clipboard was cleared.')).toBeVisible()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('')
})

test('where the browser will not let the page read the clipboard, it says it did not clear it', async ({
  owner,
  pageAs,
  emulator,
}) => {
  const page = await pageAs(owner, { permissions: ['clipboard-write'] })
  await page.clock.install()
  await pasteEmulatorToken(page, emulator, 'Unreadable token')
  await page.goto('/bot-keys')
  await page.getByLabel('Name').fill('blind-bot')
  await page.getByRole('checkbox', { name: 'Unreadable token' }).check()
  await page.getByRole('button', { name: 'Create bot key' }).click()
  await page
    .getByRole('dialog', { name: 'Your new bot key' })
    .getByRole('button', { name: 'Copy key' })
    .click()
  await expect(
    page.getByText('Bot key copied; the clipboard is cleared in 1 minute.'),
  ).toBeVisible()
  await page.clock.fastForward(61_000)
  await expect(page.getByText(/The clipboard was not cleared/)).toBeVisible()
})
