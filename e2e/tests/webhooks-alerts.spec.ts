import { createHmac } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { Page } from '@playwright/test'
import { expect, expectAccessible, pasteEmulatorToken, test, uniqueTag } from '../fixtures'
import { serverInfo } from '../server-info'

/**
 * Issue #16, "Webhooks and alerts". The server under test lists the origin of this receiver in
 * TOKENDESK_WEBHOOK_ORIGINS: the port right after the app's (global-setup.ts).
 */
const RECEIVER_PORT = Number(process.env.E2E_PORT) + 1
const RECEIVER = `http://127.0.0.1:${RECEIVER_PORT}`

type Hit = { path: string; body: string; timestamp: string; signature: string }
const hits: Hit[] = []
let receiver: Server

test.beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => {
      body += chunk
    })
    req.on('end', () => {
      hits.push({
        path: req.url ?? '',
        body,
        timestamp: String(req.headers['x-tokendesk-timestamp']),
        signature: String(req.headers['x-tokendesk-signature']),
      })
      res.writeHead(req.url?.startsWith('/ok') ? 204 : 500).end()
    })
  })
  await new Promise<void>((done) => receiver.listen(RECEIVER_PORT, '127.0.0.1', done))
})
test.afterAll(async () => {
  receiver.closeAllConnections()
  await new Promise<void>((done) => receiver.close(() => done()))
})

const hitsTo = (path: string) => hits.filter((h) => h.path === path)

async function openAlerts(page: Page) {
  await page.goto('/settings/alerts')
  await expect(page.getByRole('heading', { level: 1, name: 'Alert settings' })).toBeVisible()
}

/** Adds a webhook on the page and returns its signing secret, shown this once. */
async function addWebhook(page: Page, url: string) {
  await page.getByLabel('Webhook URL').fill(url)
  await page.getByRole('button', { name: 'Add webhook' }).click()
  const notice = page.getByRole('region', { name: 'Webhook added: copy its signing secret now' })
  const secret = (await notice.getByText(/^whsec_/).textContent()) ?? ''
  await notice.getByRole('button', { name: 'I have saved the secret' }).click()
  return secret
}

test('the alert settings are in the navigation', async ({ ownerPage: page }) => {
  await page.goto('/overview')
  const nav = page.getByRole('navigation', { name: 'Main' })
  await nav.getByRole('link', { name: 'Alerts' }).click()
  await expect(page).toHaveURL(/\/settings\/alerts$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Alert settings' })).toBeVisible()
  await expect(nav.getByRole('link', { name: 'Alerts' })).toHaveAttribute('aria-current', 'page')
  for (const name of ['Expiry alerts', 'Email', 'Webhooks']) {
    await expect(page.getByRole('heading', { level: 2, name })).toBeVisible()
  }
  await expect(page.getByRole('checkbox', { name: 'Email me alerts' })).toBeChecked()
  await expectAccessible(page)
})

test('a refused webhook URL names the setting that governs it', async ({ ownerPage: page }) => {
  await openAlerts(page)
  await page.getByLabel('Webhook URL').fill('http://127.0.0.1:9/hook')
  await page.getByRole('button', { name: 'Add webhook' }).click()
  const refused = page.getByRole('alert').filter({ hasText: 'The webhook was not added' })
  await expect(refused).toContainText(
    'http://127.0.0.1:9 is not allowed: webhooks may target public https URLs, or origins listed in TOKENDESK_WEBHOOK_ORIGINS',
  )
  await expect(refused).not.toContainText('trusted provider')
  await expect(page.getByText('No webhooks yet')).toBeVisible()
  await expectAccessible(page)
})

test('"Send test event" posts a signed event now and shows the answer', async ({
  ownerPage: page,
}) => {
  const path = `/ok/${uniqueTag()}`
  await openAlerts(page)
  const secret = await addWebhook(page, `${RECEIVER}${path}`)
  expect(secret).toMatch(/^whsec_/)

  await page.getByRole('button', { name: `Send test event to ${RECEIVER}${path}` }).click()
  await expect(page.getByText('Test event delivered')).toBeVisible()
  await expect(page.getByText(/The receiver answered HTTP 204 in \d+ ms\./)).toBeVisible()
  const [hit] = hitsTo(path)
  expect(hitsTo(path)).toHaveLength(1)
  expect(JSON.parse(hit?.body ?? '{}')).toMatchObject({ type: 'test', id: null })
  const expected = createHmac('sha256', secret)
    .update(`${hit?.timestamp}.${hit?.body}`)
    .digest('hex')
  expect(hit?.signature).toBe(`v1=${expected}`)
  await expectAccessible(page)
})

test('"Send test event" shows a receiver that does not accept it', async ({ ownerPage: page }) => {
  const down = `/down/${uniqueTag()}`
  await openAlerts(page)
  await addWebhook(page, `${RECEIVER}${down}`)
  await page.getByRole('button', { name: `Send test event to ${RECEIVER}${down}` }).click()
  await expect(page.getByText('Test event not delivered')).toBeVisible()
  await expect(page.getByText(/The receiver answered HTTP 500/)).toBeVisible()
  expect(hitsTo(down)).toHaveLength(1)
})

test('"Redeliver" queues a delivery again and it arrives once more', async ({
  ownerPage: page,
  emulator,
}) => {
  // It waits twice for the server's background sender, which ticks every second.
  test.slow()
  const { baseURL } = serverInfo()
  const path = `/ok/${uniqueTag()}`
  await openAlerts(page)
  await addWebhook(page, `${RECEIVER}${path}`)

  // Revoking a token raises an alert, which is delivered to the webhook.
  const headers = { origin: baseURL }
  const { id } = await pasteEmulatorToken(page, emulator, 'Release bot')
  const revoked = await page.request.post(`/api/tokens/${id}/revoke`, { headers })
  expect(revoked.status(), await revoked.text()).toBeLessThan(300)
  await expect.poll(() => hitsTo(path).length, { timeout: 15_000 }).toBe(1)

  await page.reload()
  await page.getByRole('button', { name: `Show deliveries for ${RECEIVER}${path}` }).click()
  const table = page.getByRole('table', { name: `Deliveries to ${RECEIVER}${path}` })
  const row = table.getByRole('row', { name: /Release bot/ })
  await expect(row.getByText('Delivered', { exact: true })).toBeVisible()
  await expectAccessible(page)

  await row.getByRole('button', { name: /^Redeliver/ }).click()
  await expect(page.getByText(/queued again; it is sent within seconds/)).toBeVisible()
  await expect.poll(() => hitsTo(path).length, { timeout: 15_000 }).toBe(2)
  const [first, second] = hitsTo(path).map((h) => JSON.parse(h.body))
  expect(second.id).toBe(first.id)
  // The log follows by itself: delivered again, with a fresh count of attempts.
  await expect(row.getByText('Delivered', { exact: true })).toBeVisible({ timeout: 10_000 })
  await expect(row.getByRole('cell').nth(1)).toHaveText('1')
})
