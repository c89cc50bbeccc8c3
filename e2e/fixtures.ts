import AxeBuilder from '@axe-core/playwright'
import { test as base, expect, type Page, request } from '@playwright/test'
import { ADMIN_STATE, serverInfo } from './server-info'

/** Fails on serious or critical axe violations, listing them so the report says what broke. */
export async function expectAccessible(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze()
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(
    bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
  ).toEqual([])
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/login')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

/** Signs in and waits until the app shell is there, so the next navigation cannot race the login. */
export async function signedInAs(page: Page, email: string, password: string) {
  await signIn(page, email, password)
  await expect(page.getByRole('button', { name: /log out/i })).toBeVisible()
}

export const test = base
export { expect }

/** The admin's API session, for seeding people and reading state the UI does not show. */
export async function adminApi() {
  const { baseURL } = serverInfo()
  return request.newContext({
    baseURL,
    storageState: ADMIN_STATE,
    extraHTTPHeaders: { origin: baseURL },
  })
}

/** Creates an owner and returns their credentials; a retry gets a fresh person and empty vault. */
export async function ensureOwner(first: string) {
  const retry = base.info().retry
  const name = retry ? `${first}${retry}` : first
  const person = {
    email: `${name.toLowerCase()}@example.com`,
    name,
    password: `${name} password 123`,
  }
  const api = await adminApi()
  const res = await api.post('/api/users', { data: { ...person, role: 'owner' } })
  expect([201, 409]).toContain(res.status())
  await api.dispose()
  return person
}

/** Talks to the HipChat emulator's admin JSON API. */
export async function emulator(path: string, body?: unknown) {
  const url = `${serverInfo().emulatorUrl}/admin/api${path}`
  const res = await fetch(
    url,
    body === undefined
      ? {}
      : {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        },
  )
  return res.json()
}
