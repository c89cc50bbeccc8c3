import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import type { BotKeyView } from '@tokendesk/shared/schemas/bot-key'
import { describe, expect, it, vi } from 'vitest'
import { makeBotKey } from '@/testing/bot-key-fixture'
import { mockFetch, ok } from '@/testing/mock-fetch'
import { renderWithProviders } from '@/testing/render'
import { makeToken } from '@/testing/token-fixture'
import { TokenIdAndSnippets } from './token-id-and-snippets'

const keyView = (overrides: Partial<BotKeyView> = {}): BotKeyView => ({
  ...makeBotKey(),
  rotatedFrom: null,
  replacedBy: null,
  lastRefusedAt: null,
  ...overrides,
})

describe('TokenIdAndSnippets', () => {
  it('shows the id with a Copy button and a curl line per bound key, never a key', async () => {
    const writeText = vi.fn(async (_text: string) => {})
    vi.spyOn(navigator, 'clipboard', 'get').mockReturnValue({ writeText } as unknown as Clipboard)
    mockFetch({
      'GET /api/bot-keys': () =>
        ok({
          items: [
            keyView(),
            keyView({ id: 'k2', name: 'backup-bot', keyPrefix: 'tdk_b' }),
            keyView({ id: 'k3', name: 'old-bot', status: 'revoked' }),
            keyView({ id: 'k4', name: 'replaced-bot', replacedBy: 'k1' }),
            keyView({ id: 'k5', name: 'other-bot', tokens: [{ id: 'tok2', label: 'Other' }] }),
          ],
          nextCursor: null,
        }),
    })
    renderWithProviders(<TokenIdAndSnippets token={makeToken()} />)
    const section = screen.getByRole('region', { name: 'Use it from a bot' })
    expect(within(section).getByText('tok1')).toBeTruthy()
    fireEvent.click(within(section).getByRole('button', { name: 'Copy token id' }))
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('tok1'))
    expect(await screen.findByText('Token id copied to the clipboard.')).toBeTruthy()

    const line = `curl -H "Authorization: Bearer $TOKENDESK_BOT_KEY" ${window.location.origin}/api/v1/tokens/tok1/access`
    expect(await within(section).findAllByText(line)).toHaveLength(2)
    expect(within(section).getByText(/With bot key “deploy-bot”/)).toBeTruthy()
    expect(within(section).getByText(/With bot key “backup-bot”/)).toBeTruthy()
    expect(within(section).queryByText(/old-bot|replaced-bot|other-bot/)).toBeNull()
    fireEvent.click(
      within(section).getByRole('button', { name: 'Copy curl line for bot key backup-bot' }),
    )
    await waitFor(() => expect(writeText).toHaveBeenLastCalledWith(line))
  })

  it('points to the bot keys page when no key of the viewer fetches the token', async () => {
    mockFetch({ 'GET /api/bot-keys': () => ok({ items: [], nextCursor: null }) })
    renderWithProviders(<TokenIdAndSnippets token={makeToken()} />)
    const link = await screen.findByRole('link', { name: 'Create a bot key for it' })
    expect(link.getAttribute('href')).toBe('/bot-keys')
  })

  it('says a viewer who may only see the token cannot bind it', async () => {
    mockFetch({ 'GET /api/bot-keys': () => ok({ items: [], nextCursor: null }) })
    renderWithProviders(<TokenIdAndSnippets token={makeToken({ access: 'view' })} />)
    expect(await screen.findByText(/You may not bind it to a bot key/)).toBeTruthy()
    expect(screen.getByText('tok1')).toBeTruthy()
  })
})
