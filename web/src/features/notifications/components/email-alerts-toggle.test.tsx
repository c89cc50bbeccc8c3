import { fireEvent, screen, waitFor } from '@testing-library/react'
import type { AlertSettingsView } from '@tokendesk/shared/schemas/notification'
import { describe, expect, it } from 'vitest'
import { mockFetch, ok, requestBody } from '@/testing/mock-fetch'
import { renderWithProviders } from '@/testing/render'
import { EmailAlertsToggle } from './email-alerts-toggle'

function settingsApi(initial: AlertSettingsView) {
  let current = initial
  const fetchMock = mockFetch({
    'GET /api/notifications/settings': () => ok(current),
    'PUT /api/notifications/settings': ({ json }) => {
      current = { ...current, ...(json as Partial<AlertSettingsView>) }
      return ok(current)
    },
  })
  return fetchMock
}

describe('EmailAlertsToggle', () => {
  it('saves "Email me alerts" as soon as it changes, and nothing else', async () => {
    const fetchMock = settingsApi({ expiryDays: [30, 7], emailAlerts: true, emailAvailable: true })
    renderWithProviders(<EmailAlertsToggle />)
    const box = await screen.findByRole('checkbox', { name: 'Email me alerts' })
    expect((box as HTMLInputElement).checked).toBe(true)
    expect(box.getAttribute('aria-describedby')).toBeTruthy()

    fireEvent.click(box)
    expect(await screen.findByText('Alerts will no longer be emailed to you.')).toBeTruthy()
    const put = fetchMock.mock.calls.findIndex(([, init]) => init?.method === 'PUT')
    expect(requestBody(fetchMock, put)).toEqual({ emailAlerts: false })
    await waitFor(() => expect((box as HTMLInputElement).checked).toBe(false))
    // Focus stays where the person is: the box is never disabled under them.
    expect((box as HTMLInputElement).disabled).toBe(false)
  })

  it('says when the server sends no email, and keeps the choice for later', async () => {
    settingsApi({ expiryDays: [30], emailAlerts: true, emailAvailable: false })
    renderWithProviders(<EmailAlertsToggle />)
    await screen.findByRole('checkbox', { name: 'Email me alerts' })
    expect(screen.getByText(/does not send email yet/).textContent).toContain('TOKENDESK_SMTP_URL')
  })
})
