import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import type {
  DeliveryView,
  WebhookTestResult,
  WebhookView,
} from '@tokendesk/shared/schemas/notification'
import { describe, expect, it } from 'vitest'
import { errorResponse, mockFetch, ok } from '@/testing/mock-fetch'
import { renderWithProviders } from '@/testing/render'
import { WebhooksSection } from './webhooks-section'

const URL_OK = 'https://hooks.example.com/token-desk'

const webhook: WebhookView = {
  id: 'wh1',
  url: URL_OK,
  createdAt: '2026-01-01T00:00:00.000Z',
  delivered: 1,
  failed: 1,
  pending: 1,
}

function delivery(id: number, status: DeliveryView['status']): DeliveryView {
  return {
    id,
    notificationId: id,
    title: `Alert ${id}`,
    status,
    attempts: status === 'failed' ? 6 : 1,
    lastStatus: status === 'delivered' ? 204 : 500,
    lastError: status === 'delivered' ? null : 'receiver answered 500',
    // Far off, so the log is not polled during the test.
    nextAttemptAt: status === 'pending' ? '2099-01-01T00:00:00.000Z' : null,
    createdAt: '2026-01-01T00:00:00.000Z',
    deliveredAt: status === 'delivered' ? '2026-01-01T00:00:01.000Z' : null,
  }
}

describe('WebhooksSection', () => {
  it('sends a test event and says what the receiver answered', async () => {
    let answer: WebhookTestResult = { ok: true, status: 204, error: null, durationMs: 31 }
    const fetchMock = mockFetch({
      'GET /api/webhooks': () => ok({ items: [webhook], nextCursor: null }),
      'POST /api/webhooks/:id/test': () => ok(answer),
    })
    renderWithProviders(<WebhooksSection />)
    const button = await screen.findByRole('button', { name: `Send test event to ${URL_OK}` })
    fireEvent.click(button)
    const title = await screen.findByText('Test event delivered')
    const notice = title.closest('[role="status"]')
    expect(notice?.textContent).toContain('The receiver answered HTTP 204 in 31 ms.')
    // Inside a live region that was there before the answer, so it is announced.
    expect(notice?.parentElement?.getAttribute('aria-live')).toBe('polite')
    const call = fetchMock.mock.calls.find(([, init]) => init?.method === 'POST')
    expect(String(call?.[0])).toContain('/api/webhooks/wh1/test')

    answer = { ok: false, status: null, error: 'receiver unreachable', durationMs: 2500 }
    fireEvent.click(button)
    await screen.findByText('Test event not delivered')
    expect(screen.getByText('No answer: receiver unreachable.')).toBeTruthy()
  })

  it('queues a finished delivery again from its row; a pending one has nothing to redeliver', async () => {
    let items = [delivery(3, 'pending'), delivery(2, 'failed'), delivery(1, 'delivered')]
    const fetchMock = mockFetch({
      'GET /api/webhooks': () => ok({ items: [webhook], nextCursor: null }),
      'GET /api/webhooks/:id/deliveries': () => ok({ items, nextCursor: null }),
      'POST /api/webhooks/:id/deliveries/:deliveryId/redeliver': ({ params }) => {
        items = items.map((d) =>
          d.id === Number(params.deliveryId) ? { ...d, status: 'pending', attempts: 0 } : d,
        )
        return new Response(null, { status: 202 })
      },
    })
    renderWithProviders(<WebhooksSection />)
    fireEvent.click(await screen.findByRole('button', { name: `Show deliveries for ${URL_OK}` }))
    const table = await screen.findByRole('table', { name: `Deliveries to ${URL_OK}` })
    const row = (title: string) => within(table).getByRole('row', { name: new RegExp(title) })
    expect(within(row('Alert 3')).queryByRole('button')).toBeNull()
    expect(within(row('Alert 3')).getByText('Queued')).toBeTruthy()

    fireEvent.click(within(row('Alert 2')).getByRole('button', { name: 'Redeliver “Alert 2”' }))
    expect(
      await screen.findByText('“Alert 2” queued again; it is sent within seconds.'),
    ).toBeTruthy()
    const post = fetchMock.mock.calls.find(([, init]) => init?.method === 'POST')
    expect(String(post?.[0])).toContain('/api/webhooks/wh1/deliveries/2/redeliver')
    // The log is read again and shows the delivery queued.
    await waitFor(() => expect(within(row('Alert 2')).queryByRole('button')).toBeNull())
    expect(within(row('Alert 1')).getByRole('button', { name: 'Redeliver “Alert 1”' })).toBeTruthy()
  })

  it('says why a redelivery was refused', async () => {
    mockFetch({
      'GET /api/webhooks': () => ok({ items: [webhook], nextCursor: null }),
      'GET /api/webhooks/:id/deliveries': () =>
        ok({ items: [delivery(1, 'delivered')], nextCursor: null }),
      'POST /api/webhooks/:id/deliveries/:deliveryId/redeliver': () =>
        errorResponse(409, 'conflict', 'This delivery is still queued'),
    })
    renderWithProviders(<WebhooksSection />)
    fireEvent.click(await screen.findByRole('button', { name: `Show deliveries for ${URL_OK}` }))
    fireEvent.click(await screen.findByRole('button', { name: 'Redeliver “Alert 1”' }))
    expect(
      await screen.findByText(/Could not redeliver: This delivery is still queued/),
    ).toBeTruthy()
  })

  it('shows the server’s reason when a webhook URL is refused', async () => {
    const message =
      'Webhook URL refused: http://127.0.0.1:9 is not allowed: webhooks may target public https URLs, or origins listed in TOKENDESK_WEBHOOK_ORIGINS'
    mockFetch({
      'GET /api/webhooks': () => ok({ items: [], nextCursor: null }),
      'POST /api/webhooks': () => errorResponse(400, 'validation_failed', message),
    })
    renderWithProviders(<WebhooksSection />)
    fireEvent.change(screen.getByLabelText('Webhook URL'), {
      target: { value: 'http://127.0.0.1:9/hook' },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Add webhook' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('TOKENDESK_WEBHOOK_ORIGINS')
    expect(alert.textContent).not.toContain('trusted provider')
  })
})
