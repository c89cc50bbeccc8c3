import { fileURLToPath } from 'node:url'
import { expect, pasteEmulatorToken, test } from '../fixtures'
import { serverInfo } from '../server-info'

/**
 * The README's pictures, taken from the built app on the e2e server:
 * `npm run screenshots` (not part of `npm test`; the files are committed).
 */
const docs = (name: string) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url))

const LABELS = [
  'Deploy bot',
  'Release notes room',
  'Standup reminders',
  'On-call paging',
  'Support triage',
  'Build status',
]

test('README: the token page with its id and a bot snippet, and the list on a phone', async ({
  owner,
  pageAs,
  emulator,
  browser,
}) => {
  const page = await pageAs(owner, { viewport: { width: 1280, height: 1160 } })
  const ids: string[] = []
  for (const label of LABELS) ids.push((await pasteEmulatorToken(page, emulator, label)).id)
  const key = await page.request.post('/api/bot-keys', {
    headers: { origin: serverInfo().baseURL },
    data: { name: 'deploy-bot', tokenIds: [ids[0]] },
  })
  expect(key.status(), await key.text()).toBe(201)

  await page.goto(`/tokens/${ids[0]}`)
  const bot = page.getByRole('region', { name: 'Use it from a bot' })
  await expect(bot.getByText(/curl -H/)).toBeVisible()
  await page.screenshot({ path: docs('screenshot-token-page.png') })

  // The same session: at phone width the sign-in check's Log out button is folded in the menu.
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    storageState: await page.context().storageState(),
  })
  const phone = await context.newPage()
  await phone.goto('/tokens')
  await expect(phone.getByText(LABELS[5] ?? '').first()).toBeVisible()
  await phone.screenshot({ path: docs('screenshot-phone-list.png') })
  await context.close()
})
