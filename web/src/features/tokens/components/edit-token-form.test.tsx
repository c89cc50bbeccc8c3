import { fireEvent, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { toDateTimeLocal } from '@/lib/datetime-local'
import { mockFetch, ok, requestBody } from '@/testing/mock-fetch'
import { renderWithProviders } from '@/testing/render'
import { makeToken } from '@/testing/token-fixture'
import { EditTokenForm } from './edit-token-form'

const providerSays = '2027-06-01T12:00:30.000Z'
const youSet = '2026-12-08T09:00:00.000Z'

describe('EditTokenForm', () => {
  it('leaves an untouched expiry alone, so renaming does not make it manual', async () => {
    const fetchMock = mockFetch({
      'PATCH /api/tokens/:id': () => ok(makeToken({ label: 'Renamed' })),
      'GET /api/tokens/:id/audit': () => ok({ items: [], nextCursor: null }),
    })
    renderWithProviders(
      <EditTokenForm
        token={makeToken({ expiresAt: providerSays, providerExpiresAt: providerSays })}
      />,
    )
    expect(screen.getByText(/The provider says/)).toBeTruthy()
    fireEvent.change(screen.getByLabelText('Label'), { target: { value: 'Renamed' } })
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }))
    await waitFor(() => expect(fetchMock).toHaveBeenCalled())
    expect(requestBody(fetchMock)).toEqual({ label: 'Renamed' })
  })

  it('sends a changed expiry, and goes back to the provider’s date on request', async () => {
    const fetchMock = mockFetch({
      'PATCH /api/tokens/:id': () => ok(makeToken()),
      'GET /api/tokens/:id/audit': () => ok({ items: [], nextCursor: null }),
    })
    const token = makeToken({
      expiresAt: youSet,
      providerExpiresAt: providerSays,
      expiryManual: true,
    })
    renderWithProviders(<EditTokenForm token={token} />)
    fireEvent.click(screen.getByRole('button', { name: 'Use the provider’s date' }))
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1))
    expect(requestBody(fetchMock, 0)).toEqual({ expiryFromProvider: true })

    const local = toDateTimeLocal('2026-12-24T18:00:00.000Z')
    fireEvent.change(screen.getByLabelText('Expiry'), { target: { value: local } })
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }))
    await waitFor(() =>
      expect(fetchMock.mock.calls.filter(([, i]) => i?.method === 'PATCH')).toHaveLength(2),
    )
    const patches = fetchMock.mock.calls.filter(([, i]) => i?.method === 'PATCH')
    expect(JSON.parse(String(patches[1]?.[1]?.body))).toEqual({
      label: token.label,
      expiresAt: new Date(local).toISOString(),
    })
  })

  it('offers no way back when the expiry is not manual', () => {
    mockFetch({})
    renderWithProviders(<EditTokenForm token={makeToken({ providerExpiresAt: providerSays })} />)
    expect(screen.queryByRole('button', { name: 'Use the provider’s date' })).toBeNull()
  })
})
