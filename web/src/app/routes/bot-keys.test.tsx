import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { jsonResponse, mockFetch, requestBody } from '@/testing/mock-fetch'
import { renderWithProviders } from '@/testing/render'
import { makeToken } from '@/testing/token-fixture'
import { BotKeysRoute } from './bot-keys'

const KEY = 'tdk_live_9f8e7d6c5b4a'

const view = {
  id: 'k1',
  name: 'deploy-bot',
  keyPrefix: 'tdk_live',
  tokens: [{ id: 'tok1', label: 'Deploy bot token' }],
  expiresAt: null,
  revokedAt: null,
  lastUsedAt: null,
  lastUsedIp: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  status: 'active',
}

describe('BotKeysRoute', () => {
  it('shows a new key once, with a copy button and a curl example', async () => {
    const writeText = vi.fn(async (_text: string) => {})
    vi.spyOn(navigator, 'clipboard', 'get').mockReturnValue({ writeText } as unknown as Clipboard)
    let created = false
    const fetchMock = mockFetch({
      'GET /api/bot-keys': () => jsonResponse({ items: created ? [view] : [], nextCursor: null }),
      'GET /api/tokens': () =>
        jsonResponse({
          items: [makeToken(), makeToken({ id: 'tok9', label: 'View only', access: 'view' })],
          nextCursor: null,
        }),
      'POST /api/bot-keys': () => {
        created = true
        return jsonResponse({ ...view, key: KEY }, 201)
      },
    })
    renderWithProviders(<BotKeysRoute />)

    // Only tokens the person owns or may use can be bound.
    const picker = await screen.findByRole('group', { name: 'Tokens this key may fetch' })
    await within(picker).findByLabelText('Deploy bot token')
    expect(within(picker).queryByLabelText('View only')).toBeNull()

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
      expiresAt: null,
    })

    fireEvent.click(within(dialog).getByRole('button', { name: 'Copy key' }))
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(KEY))

    fireEvent.click(within(dialog).getByRole('button', { name: 'I have copied it' }))
    await waitFor(() => expect(document.body.textContent).not.toContain(KEY))
    expect(await screen.findByRole('cell', { name: /tdk_live/ })).toBeTruthy()
  })
})
