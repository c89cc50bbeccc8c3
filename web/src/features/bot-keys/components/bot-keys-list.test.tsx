import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import type { BotKeyView } from '@tokendesk/shared/schemas/bot-key'
import { describe, expect, it } from 'vitest'
import { makeBotKey } from '@/testing/bot-key-fixture'
import { created, errorResponse, mockFetch, noContent, ok } from '@/testing/mock-fetch'
import { renderWithProviders } from '@/testing/render'
import { makeToken } from '@/testing/token-fixture'
import { BotKeysList } from './bot-keys-list'

const NEW_KEY = `tdk_${'n'.repeat(43)}`

/** A key as the list returns it, rotation and refusal fields included. */
const keyView = (overrides: Partial<BotKeyView> = {}): BotKeyView => ({
  ...makeBotKey(),
  rotatedFrom: null,
  replacedBy: null,
  lastRefusedAt: null,
  ...overrides,
})

const twoTokens = [
  { id: 'tok1', label: 'Deploy bot token' },
  { id: 'tok2', label: 'Backup token' },
]

const tokenItems = [makeToken(), makeToken({ id: 'tok2', label: 'Backup token' })]

const stepUp = () => errorResponse(401, 'reauth_required', 'Enter your password again to continue')

function rowOf(name: RegExp | string) {
  const row = screen.getAllByRole('rowheader', { name })[0]?.closest('tr')
  if (!row) throw new Error(`no row for ${name}`)
  return row
}

describe('BotKeysList', () => {
  it('rotates a key after the password, and shows the new key once with a line per token', async () => {
    let rotated = false
    let confirmed = false
    const bodies: unknown[] = []
    mockFetch({
      'GET /api/bot-keys': () =>
        ok({
          items: rotated
            ? [
                keyView({
                  id: 'k2',
                  keyPrefix: 'tdk_nnnnnn',
                  tokens: twoTokens,
                  rotatedFrom: 'k1',
                }),
                keyView({ tokens: twoTokens, replacedBy: 'k2', expiresAt: '2030-01-01T00:00:00Z' }),
              ]
            : [keyView({ tokens: twoTokens })],
          nextCursor: null,
        }),
      'GET /api/tokens': () => ok({ items: tokenItems, nextCursor: null }),
      'POST /api/bot-keys/:id/rotate': ({ json }) => {
        bodies.push(json)
        if (!confirmed) return stepUp()
        rotated = true
        return created({
          ...keyView({ id: 'k2', tokens: twoTokens, rotatedFrom: 'k1' }),
          key: NEW_KEY,
        })
      },
      'POST /api/auth/reauth': () => {
        confirmed = true
        return noContent()
      },
    })
    renderWithProviders(<BotKeysList />)
    const rotate = await screen.findByRole('button', { name: 'Rotate deploy-bot' })
    rotate.focus()
    fireEvent.click(rotate)

    const dialog = screen.getByRole('dialog', { name: 'Rotate “deploy-bot”' })
    fireEvent.change(within(dialog).getByLabelText('The old key keeps working for'), {
      target: { value: '60' },
    })
    // The key had no expiry: the new one is offered none either.
    expect(
      (within(dialog).getByLabelText('The new key expires after') as HTMLSelectElement).value,
    ).toBe('never')
    fireEvent.click(within(dialog).getByRole('button', { name: 'Rotate key' }))

    const password = await screen.findByRole('dialog', { name: 'Confirm your password' })
    fireEvent.change(within(password).getByLabelText('Password'), { target: { value: 'pw' } })
    fireEvent.click(within(password).getByRole('button', { name: 'Confirm' }))

    const shown = await screen.findByRole('dialog', { name: 'Your new bot key' })
    expect(bodies).toEqual([
      { graceMinutes: 60, expiresAt: null },
      { graceMinutes: 60, expiresAt: null },
    ])
    expect(within(shown).getByText(NEW_KEY)).toBeTruthy()
    expect(within(shown).getByText(/The key it replaces/).textContent).toMatch(/tdk_live…/)
    const origin = window.location.origin
    for (const id of ['tok1', 'tok2'])
      expect(
        within(shown).getByText(
          `curl -H "Authorization: Bearer ${NEW_KEY}" ${origin}/api/v1/tokens/${id}/access`,
        ),
      ).toBeTruthy()
    expect(
      within(shown).getByRole('button', { name: 'Copy curl example for Backup token' }),
    ).toBeTruthy()

    // Escape while the key is unconfirmed asks first.
    fireEvent(shown, new Event('cancel', { cancelable: true }))
    const ask = screen.getByRole('dialog', { name: 'Have you copied the key?' })
    fireEvent.click(within(ask).getByRole('button', { name: 'Go back' }))
    expect(within(shown).getByText(NEW_KEY)).toBeTruthy()
    fireEvent.click(within(shown).getByRole('button', { name: 'I have copied it' }))
    await waitFor(() => expect(document.body.textContent).not.toContain(NEW_KEY))

    // The old key is marked replaced, with how long it keeps working; only the new one rotates.
    await waitFor(() =>
      expect(within(rowOf(/replaces an earlier key/)).getByText('Active')).toBeTruthy(),
    )
    const replaced = screen
      .getAllByRole('row')
      .find((r) => within(r).queryByText('Replaced') !== null)
    expect(replaced && within(replaced).getByText(/valid until/)).toBeTruthy()
    expect(within(rowOf('deploy-bot')).getByText('Replaced')).toBeTruthy()
    expect(screen.getAllByRole('button', { name: /^Rotate/ })).toHaveLength(1)
    expect(screen.getByRole('button', { name: 'Revoke deploy-bot (tdk_live…)' })).toBeTruthy()
  })

  it('changes which tokens a key may fetch, after the password', async () => {
    let confirmed = false
    const bodies: unknown[] = []
    mockFetch({
      'GET /api/bot-keys': () => ok({ items: [keyView()], nextCursor: null }),
      'GET /api/tokens': () => ok({ items: tokenItems, nextCursor: null }),
      'PUT /api/bot-keys/:id/tokens': ({ json }) => {
        bodies.push(json)
        return confirmed ? ok(keyView({ tokens: twoTokens })) : stepUp()
      },
      'POST /api/auth/reauth': () => {
        confirmed = true
        return noContent()
      },
    })
    renderWithProviders(<BotKeysList />)
    fireEvent.click(await screen.findByRole('button', { name: 'Change tokens of deploy-bot' }))
    const dialog = screen.getByRole('dialog', { name: 'Tokens “deploy-bot” may fetch' })
    const current = (await within(dialog).findByLabelText('Deploy bot token')) as HTMLInputElement
    expect(current.checked).toBe(true)
    fireEvent.click(within(dialog).getByLabelText('Backup token'))
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save tokens' }))

    const password = await screen.findByRole('dialog', { name: 'Confirm your password' })
    expect(within(password).getByText(/changing which tokens a bot key may fetch/)).toBeTruthy()
    fireEvent.change(within(password).getByLabelText('Password'), { target: { value: 'pw' } })
    fireEvent.click(within(password).getByRole('button', { name: 'Confirm' }))

    expect(await screen.findByText('“deploy-bot” may now fetch 2 tokens.')).toBeTruthy()
    expect(bodies).toEqual([{ tokenIds: ['tok1', 'tok2'] }, { tokenIds: ['tok1', 'tok2'] }])
    expect(dialog.hasAttribute('open')).toBe(false)
  })

  it('shows a key’s recent refused calls, with what each means', async () => {
    mockFetch({
      'GET /api/bot-keys': () =>
        ok({ items: [keyView({ lastRefusedAt: '2026-01-02T00:00:00.000Z' })], nextCursor: null }),
      'GET /api/bot-keys/:id/failures': () =>
        ok({
          items: [
            {
              at: '2026-01-02T00:00:00.000Z',
              status: 404,
              code: 'token_not_found',
              tokenId: 'tok9',
              ip: '203.0.113.7',
            },
            {
              at: '2026-01-01T00:00:00.000Z',
              status: 429,
              code: 'rate_limited',
              tokenId: 'tok1',
              ip: null,
            },
          ],
        }),
    })
    renderWithProviders(<BotKeysList />)
    const toggle = await screen.findByRole('button', { name: 'Recent refused calls of deploy-bot' })
    expect(toggle.getAttribute('aria-expanded')).toBe('false')
    fireEvent.click(toggle)
    expect(toggle.getAttribute('aria-expanded')).toBe('true')
    const panel = await screen.findByRole('region', {
      name: 'Recent refused calls of “deploy-bot”',
    })
    const items = await within(panel).findAllByRole('listitem')
    expect(items[0]?.textContent).toMatch(/404.*not bound to it.*tok9.*from 203\.0\.113\.7/)
    expect(items[1]?.textContent).toMatch(/429.*rate limit.*tok1 \(Deploy bot token\)/)
  })

  it('offers no refused calls for a key that has none', async () => {
    mockFetch({ 'GET /api/bot-keys': () => ok({ items: [keyView()], nextCursor: null }) })
    renderWithProviders(<BotKeysList />)
    await screen.findByRole('button', { name: 'Revoke deploy-bot' })
    expect(screen.queryByRole('button', { name: /Recent refused calls/ })).toBeNull()
  })
})
