import { QueryClientProvider } from '@tanstack/react-query'
import { render, screen, waitFor, within } from '@testing-library/react'
import { createMemoryRouter, RouterProvider } from 'react-router-dom'
import { describe, expect, it, vi } from 'vitest'
import { ToastProvider } from '@/components/ui/toast-provider'
import { createQueryClient } from '@/lib/query-client'
import { mockFetch, ok } from '@/testing/mock-fetch'
import { makeOverview } from '@/testing/overview-fixture'
import { routes } from '../router'

vi.mock('@/features/overview/components/lazy-charts', async () => {
  const { lazy } = await import('react')
  const never = () => lazy(() => new Promise<never>(() => {}))
  return { TimelineChart: never(), RefreshChart: never(), preloadCharts: () => {} }
})

describe('Overview route', () => {
  it('is where "/" lands, first in the navigation, with one h1 and a tab title', async () => {
    mockFetch({
      'GET /api/auth/me': () =>
        ok({
          id: 'u1',
          email: 'admin@example.com',
          name: 'Ada',
          role: 'admin',
          disabled: false,
          createdAt: '2026-01-01T00:00:00.000Z',
        }),
      'GET /api/overview': () => ok(makeOverview()),
      'GET /api/notifications': () => ok({ items: [], unread: 0, nextCursor: null }),
    })
    const queryClient = createQueryClient()
    queryClient.setDefaultOptions({ queries: { retry: false } })
    const router = createMemoryRouter(routes, { initialEntries: ['/'] })
    render(
      <QueryClientProvider client={queryClient}>
        <ToastProvider>
          <RouterProvider router={router} />
        </ToastProvider>
      </QueryClientProvider>,
    )
    expect(await screen.findByRole('heading', { level: 1, name: 'Overview' })).toBeTruthy()
    expect(router.state.location.pathname).toBe('/overview')
    await waitFor(() => expect(document.title).toBe('Overview · Token Desk'))
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1)
    const nav = within(screen.getByRole('navigation', { name: 'Main' }))
    const first = nav.getAllByRole('link')[0]
    expect(first?.textContent).toBe('Overview')
    expect(first?.getAttribute('aria-current')).toBe('page')
    expect(await screen.findByRole('link', { name: 'Expiring soon 3 tokens' })).toBeTruthy()
  })
})
