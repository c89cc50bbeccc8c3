import { expect, expectAccessible, signedInAs, signIn, test, uniqueEmail } from '../fixtures'
import { ADMIN, ADMIN_STATE } from '../server-info'

test.describe('as the admin', () => {
  test.use({ storageState: ADMIN_STATE })

  test('creates an owner on the People page, who can then sign in', async ({
    page,
    people,
    pageAs,
  }) => {
    const email = uniqueEmail('Nora Newcomer')
    const password = 'new owner password 123'
    people.disableAfter(email)

    await page.goto('/people')
    await expect(page.getByRole('heading', { level: 1, name: 'People' })).toBeVisible()
    await expectAccessible(page)
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Name').fill('Nora Newcomer')
    await page.getByLabel('Set a password for them').check()
    await page.getByLabel('Initial password').fill(password)
    await page.getByLabel('Role').selectOption('owner')
    await page.getByRole('button', { name: 'Create person' }).click()
    await expect(page.getByRole('cell', { name: email })).toBeVisible()

    const theirs = await pageAs({ email, password })
    await expect(theirs.getByRole('link', { name: 'People' })).toHaveCount(0)
  })

  test('every page is reachable from the navigation and passes axe', async ({ page }) => {
    await page.goto('/')
    const nav = page.getByRole('navigation', { name: /main/i })
    for (const name of [
      'Tokens',
      'Installations',
      'Add-ons',
      'Providers',
      'Bot keys',
      'Audit',
      'People',
    ]) {
      await nav.getByRole('link', { name }).click()
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
      await expectAccessible(page)
    }
    await page.goto('/account')
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    await expectAccessible(page)
  })

  test('navigation works by keyboard with visible focus', async ({ page }) => {
    await page.goto('/')
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    await page.keyboard.press('Tab')
    const skip = page.getByRole('link', { name: 'Skip to content' })
    await expect(skip).toBeFocused()
    expect(await skip.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    const focusedOutline = await page.evaluate(() => {
      const el = document.activeElement
      return el && el !== document.body ? getComputedStyle(el).outlineStyle : 'none'
    })
    expect(focusedOutline).not.toBe('none')
  })
})

test('an owner signs in, sees no People page, and signs out', async ({ page, owner }) => {
  await signIn(page, owner.email, 'wrong password')
  await expect(page.getByText(/incorrect/i)).toBeVisible()
  await expectAccessible(page)

  await signIn(page, owner.email, owner.password)
  await expect(page.getByRole('link', { name: 'Tokens' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'People' })).toHaveCount(0)
  await page.goto('/people')
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('People')

  await page.getByRole('button', { name: /log out/i }).click()
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible()
  await page.goto('/account')
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible()
})

test('an owner changes their own password', async ({ ownerPage: page, owner }) => {
  await page.goto('/account')
  await page.getByLabel('Current password').fill(owner.password)
  await page.getByLabel('New password', { exact: true }).fill('a brand new password')
  await page.getByLabel('Confirm new password').fill('a brand new password')
  await page.getByRole('button', { name: 'Change password' }).click()
  await expect(page.getByRole('status').getByText(/password changed/i)).toBeVisible()
  await page.getByRole('button', { name: /log out/i }).click()
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible()
  await signIn(page, owner.email, owner.password)
  await expect(page.getByText(/incorrect/i)).toBeVisible()
  await signedInAs(page, owner.email, 'a brand new password')
})

test('the admin signs out and back in', async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password)
  await expect(page.getByRole('link', { name: 'People' })).toBeVisible()
  await page.getByRole('button', { name: /log out/i }).click()
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible()
  await signedInAs(page, ADMIN.email, ADMIN.password)
})
