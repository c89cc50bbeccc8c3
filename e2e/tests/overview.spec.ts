import { expect, expectAccessible, test } from '../fixtures'
import { serverInfo } from '../server-info'

const DAY = 86_400_000

test('the overview counts seeded tokens, links counters to filtered lists and is keyboard-reachable', async ({
  ownerPage: page,
}) => {
  const { baseURL } = serverInfo()
  const seed = [
    ['valid one', 60],
    ['valid two', 45],
    ['expiring one', 5],
    ['expiring two', 1],
    ['expiring three', 10],
    ['expired one', -2],
    ['unknown one', null],
  ] as const
  for (const [label, days] of seed) {
    const res = await page.request.post('/api/tokens', {
      headers: { origin: baseURL },
      data: {
        kind: 'personal',
        label,
        value: `overview-${label}`,
        providerUrl: 'https://api.example.com/v2/',
        allowUnverified: true,
        expiresAt: days === null ? null : new Date(Date.now() + days * DAY).toISOString(),
      },
    })
    expect(res.status()).toBe(201)
  }

  const started = Date.now()
  await page.goto('/')
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible()
  const counters = page.getByRole('region', { name: 'Tokens by status' })
  await expect(counters.getByRole('link', { name: /^Valid 2 tokens/ })).toBeVisible()
  await expect(counters.getByRole('link', { name: /^Expiring soon 3 tokens/ })).toBeVisible()
  await expect(counters.getByRole('link', { name: /^Expired 1 token/ })).toBeVisible()
  await expect(counters.getByRole('link', { name: /^Expiry unknown 1 token/ })).toBeVisible()
  await expect(
    page.getByRole('table', { name: /Tokens expiring in the next 90 days/ }),
  ).toBeVisible()
  expect(Date.now() - started).toBeLessThan(5000)

  const mark = page.locator('[data-mark-id][tabindex="0"]')
  await expect(mark).toHaveCount(1)
  await mark.focus()
  await expect(mark).toBeFocused()
  const first = await mark.getAttribute('aria-label')
  await page.keyboard.press('ArrowRight')
  await expect(page.locator('[data-mark-id][tabindex="0"]')).not.toHaveAttribute(
    'aria-label',
    first ?? '',
  )
  await expectAccessible(page)

  await counters.getByRole('link', { name: /^Expiring soon 3 tokens/ }).click()
  await expect(page).toHaveURL(/\/tokens\?status=expiring/)
  await expect(page.getByRole('row').filter({ hasText: 'expiring' })).toHaveCount(3)
})
