import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { makeBotKey } from '@/testing/bot-key-fixture'
import { created, mockFetch, ok } from '@/testing/mock-fetch'
import { renderWithProviders } from '@/testing/render'
import { makeToken } from '@/testing/token-fixture'
import { CreateBotKeyForm } from './create-bot-key-form'

const DAY = 24 * 3_600_000

function setup() {
  const bodies: { expiresAt: string | null }[] = []
  const onCreated = vi.fn()
  mockFetch({
    'GET /api/tokens': () => ok({ items: [makeToken()], nextCursor: null }),
    'POST /api/bot-keys': ({ json }) => {
      bodies.push(json as { expiresAt: string | null })
      return created({
        ...makeBotKey({
          tokens: [
            { id: 'tok1', label: 'Deploy bot token' },
            { id: 'tok2', label: 'Backup' },
          ],
        }),
        rotatedFrom: null,
        replacedBy: null,
        lastRefusedAt: null,
        key: 'tdk_x',
      })
    },
  })
  renderWithProviders(<CreateBotKeyForm onCreated={onCreated} />)
  return { bodies, onCreated }
}

async function fillAndSubmit(preset: string) {
  fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'deploy-bot' } })
  fireEvent.click(await screen.findByLabelText('Deploy bot token'))
  fireEvent.change(screen.getByLabelText('Expiration'), { target: { value: preset } })
  fireEvent.click(screen.getByRole('button', { name: 'Create bot key' }))
}

describe('CreateBotKeyForm', () => {
  it('offers expiry presets like GitHub, 30 days by default', async () => {
    setup()
    const select = (await screen.findByLabelText('Expiration')) as HTMLSelectElement
    expect(select.value).toBe('30')
    expect(
      within(select)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['7 days', '30 days', '90 days', 'A year', 'No expiration', 'Custom date…'])
  })

  it('sends the expiry a preset means, none for “No expiration”', async () => {
    const { bodies, onCreated } = setup()
    const before = Date.now()
    await fillAndSubmit('7')
    await waitFor(() => expect(bodies).toHaveLength(1))
    const at = Date.parse(bodies[0]?.expiresAt ?? '')
    expect(at - before).toBeGreaterThanOrEqual(7 * DAY)
    expect(at - Date.now()).toBeLessThanOrEqual(7 * DAY)
    // Every bound token goes to the one-time dialog, not only the first.
    await waitFor(() =>
      expect(onCreated).toHaveBeenCalledWith(
        expect.objectContaining({
          tokens: expect.arrayContaining([expect.anything(), expect.anything()]),
        }),
      ),
    )

    await fillAndSubmit('never')
    await waitFor(() => expect(bodies).toHaveLength(2))
    expect(bodies[1]?.expiresAt).toBeNull()
  })

  it('asks for a date in the future when “Custom date…” is chosen', async () => {
    const { bodies } = setup()
    await fillAndSubmit('custom')
    expect(await screen.findByText('Enter a date and time')).toBeTruthy()
    fireEvent.change(screen.getByLabelText('Expires at'), { target: { value: '2001-01-01T10:00' } })
    fireEvent.click(screen.getByRole('button', { name: 'Create bot key' }))
    expect(await screen.findByText('Must be in the future')).toBeTruthy()
    expect(bodies).toHaveLength(0)
  })
})
