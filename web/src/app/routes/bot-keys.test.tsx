import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { makeBotKey } from '@/testing/bot-key-fixture'
import { created, errorResponse, mockFetch, noContent, ok, requestBody } from '@/testing/mock-fetch'
import { renderWithProviders } from '@/testing/render'
import { makeToken } from '@/testing/token-fixture'
import { BotKeysRoute } from './bot-keys'

const KEY = 'tdk_live_9f8e7d6c5b4a'

const view = makeBotKey()

describe('BotKeysRoute', () => {
  it('shows a new key once, with a copy button and a curl example', async () => {
    const writeText = vi.fn(async (_text: string) => {})
    vi.spyOn(navigator, 'clipboard', 'get').mockReturnValue({ writeText } as unknown as Clipboard)
    let made = false
    const fetchMock = mockFetch({
      'GET /api/bot-keys': () => ok({ items: made ? [view] : [], nextCursor: null }),
      'GET /api/tokens': () =>
        ok({
          items: [
            makeToken(),
            makeToken({ id: 'tok9', label: 'View only', access: 'view' }),
            // Only the policy's answer counts, not the access word.
            makeToken({ id: 'tok8', label: 'Owned, not bindable', allowed: ['token.read_meta'] }),
          ],
          nextCursor: null,
        }),
      'POST /api/bot-keys': () => {
        made = true
        return created({ ...view, key: KEY })
      },
    })
    renderWithProviders(<BotKeysRoute />)

    // Only tokens the person owns or may use can be bound.
    const picker = await screen.findByRole('group', { name: 'Tokens this key may fetch' })
    await within(picker).findByLabelText('Deploy bot token')
    expect(within(picker).queryByLabelText('View only')).toBeNull()
    expect(within(picker).queryByLabelText('Owned, not bindable')).toBeNull()

    fireEvent.click(screen.getByRole('button', { name: 'Create bot key' }))
    expect(await screen.findByText('Choose at least one token')).toBeTruthy()

    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'deploy-bot' } })
    fireEvent.click(within(picker).getByLabelText('Deploy bot token'))
    fireEvent.click(screen.getByRole('button', { name: 'Create bot key' }))

    const dialog = await screen.findByRole('dialog', { name: 'Your new bot key' })
    expect(within(dialog).getByText(KEY)).toBeTruthy()
    expect(within(dialog).getByText(/will not be shown again/)).toBeTruthy()
    const curl = `curl -H "Authorization: Bearer ${KEY}" ${window.location.origin}/api/v1/tokens/tok1/access`
    expect(within(dialog).getByText(curl)).toBeTruthy()
    expect(requestBody(fetchMock, 2)).toEqual({
      name: 'deploy-bot',
      tokenIds: ['tok1'],
      expiresAt: expect.any(String),
    })

    fireEvent.click(within(dialog).getByRole('button', { name: 'Copy key' }))
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(KEY))

    fireEvent.click(within(dialog).getByRole('button', { name: 'I have copied it' }))
    await waitFor(() => expect(document.body.textContent).not.toContain(KEY))
    expect(await screen.findByRole('cell', { name: /tdk_live/ })).toBeTruthy()
  })

  it('asks for the password before binding tokens, then creates the key once confirmed', async () => {
    let confirmed = false
    const fetchMock = mockFetch({
      'GET /api/bot-keys': () => ok({ items: [], nextCursor: null }),
      'GET /api/tokens': () => ok({ items: [makeToken()], nextCursor: null }),
      'POST /api/bot-keys': () =>
        confirmed
          ? created({ ...view, key: KEY })
          : errorResponse(401, 'reauth_required', 'Enter your password again to continue'),
      'POST /api/auth/reauth': () => {
        confirmed = true
        return noContent()
      },
    })
    renderWithProviders(<BotKeysRoute />)
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'deploy-bot' } })
    fireEvent.click(await screen.findByLabelText('Deploy bot token'))
    fireEvent.click(screen.getByRole('button', { name: 'Create bot key' }))

    const password = await screen.findByRole('dialog', { name: 'Confirm your password' })
    expect(within(password).getByText(/before letting a bot key read tokens/)).toBeTruthy()
    expect(screen.queryByText('The key was not created')).toBeNull()
    fireEvent.change(within(password).getByLabelText('Password'), { target: { value: 'pw' } })
    fireEvent.click(within(password).getByRole('button', { name: 'Confirm' }))

    const dialog = await screen.findByRole('dialog', { name: 'Your new bot key' })
    expect(within(dialog).getByText(KEY)).toBeTruthy()
    const creates = fetchMock.mock.calls.flatMap(([url, init], i) =>
      init?.method === 'POST' && String(url).endsWith('/api/bot-keys') ? [i] : [],
    )
    expect(creates).toHaveLength(2)
    expect(requestBody(fetchMock, creates[1])).toEqual(requestBody(fetchMock, creates[0]))
  })

  it('leaves the key uncreated, and says why, when the password is not given', async () => {
    mockFetch({
      'GET /api/bot-keys': () => ok({ items: [], nextCursor: null }),
      'GET /api/tokens': () => ok({ items: [makeToken()], nextCursor: null }),
      'POST /api/bot-keys': () =>
        errorResponse(401, 'reauth_required', 'Enter your password again to continue'),
    })
    renderWithProviders(<BotKeysRoute />)
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'deploy-bot' } })
    fireEvent.click(await screen.findByLabelText('Deploy bot token'))
    fireEvent.click(screen.getByRole('button', { name: 'Create bot key' }))
    const password = await screen.findByRole('dialog', { name: 'Confirm your password' })
    fireEvent.click(within(password).getByRole('button', { name: 'Cancel' }))
    expect(await screen.findByText('The key was not created')).toBeTruthy()
    expect(screen.getByText('Enter your password again to continue')).toBeTruthy()
  })

  it('names tokens the owner can no longer see, and says when a key is suspended', async () => {
    const suspended = makeBotKey({
      id: 'k2',
      name: 'old-bot',
      status: 'suspended',
      tokens: [
        { id: 'tok1', label: 'Deploy bot token' },
        { id: 'tok7', label: null },
      ],
    })
    mockFetch({
      'GET /api/bot-keys': () => ok({ items: [suspended], nextCursor: null }),
      'GET /api/tokens': () => ok({ items: [], nextCursor: null }),
    })
    renderWithProviders(<BotKeysRoute />)
    const row = (await screen.findByRole('rowheader', { name: 'old-bot' })).closest('tr')
    if (!row) throw new Error('no row for old-bot')
    expect(within(row).getByText('Suspended: owner disabled')).toBeTruthy()
    expect(within(row).getByText('a token you no longer have access to')).toBeTruthy()
    expect(
      within(row)
        .getAllByRole('link')
        .map((a) => a.getAttribute('href')),
    ).toEqual(['/tokens/tok1'])
  })
})
