import { expect, expectAccessible, test } from '../fixtures'
import { serverInfo } from '../server-info'

test('a user token the provider stopped accepting is reconnected in place and its bot key works again', async ({
  ownerPage: page,
  emulator,
}) => {
  // Two consent round trips and an accessibility scan.
  test.slow()
  const { baseURL, emulatorUrl } = serverInfo()
  const api = page.request
  const headers = { origin: baseURL }

  const state = await emulator.state()
  const client = await emulator.registerClient(state.groups[0]?.id ?? '', ['view_room'])
  const installed = await api.post('/api/installations', {
    headers,
    data: {
      oauthId: client.oauthId,
      oauthSecret: client.oauthSecret,
      capabilitiesUrl: `${emulatorUrl}/v2/capabilities`,
    },
  })
  expect(installed.status()).toBe(201)
  const installation = await installed.json()

  await page.goto(`/installations/${installation.id}`)
  const connect = page.getByRole('form', { name: 'Connect a user' })
  await connect.getByRole('button', { name: 'Connect a user' }).click()
  await page.waitForURL(`${emulatorUrl}/users/authorize**`)
  await page.getByRole('button', { name: 'Approve' }).click()
  await page.waitForURL(/\/tokens\/[\w-]+$/)
  const tokenUrl = page.url()
  const id = new URL(tokenUrl).pathname.split('/').pop() ?? ''

  const created = await api.post('/api/bot-keys', {
    headers,
    data: { name: 'reconnect bot', tokenIds: [id] },
  })
  expect(created.status()).toBe(201)
  const { key } = await created.json()
  const access = () =>
    fetch(`${baseURL}/api/v1/tokens/${id}/access`, { headers: { authorization: `Bearer ${key}` } })
  const first = await access()
  expect(first.status).toBe(200)
  const before = (await first.json()).access_token

  // The provider no longer accepts the grant: its next token request answers invalid_grant.
  await emulator.fault('invalid_grant')
  await page.getByRole('button', { name: 'Refresh', exact: true }).click()
  await expect(page.getByText('The token was not refreshed')).toBeVisible()
  await expect(page.getByText('This token needs reconnecting')).toBeVisible()
  await expect(page.getByText('Needs reconnect').first()).toBeVisible()
  expect((await access()).status).toBe(409)
  await expectAccessible(page)

  await page.getByRole('button', { name: 'Reconnect', exact: true }).click()
  await page.waitForURL(`${emulatorUrl}/users/authorize**`)
  await page.getByRole('button', { name: 'Approve' }).click()
  await page.waitForURL(tokenUrl)
  await expect(page.getByText('Valid').first()).toBeVisible()
  await expect(page.getByText('This token needs reconnecting')).toHaveCount(0)

  const after = await access()
  expect(after.status).toBe(200)
  expect((await after.json()).access_token).not.toBe(before)
  const users = await (await api.get('/api/tokens?kind=user')).json()
  expect(users.items.map((t: { id: string }) => t.id)).toEqual([id])
})
