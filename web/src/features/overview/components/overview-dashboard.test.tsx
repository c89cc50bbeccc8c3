import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import type { Overview } from '@tokendesk/shared/schemas/overview'
import { lazy } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { errorResponse, mockFetch, ok } from '@/testing/mock-fetch'
import { makeOverview } from '@/testing/overview-fixture'
import { renderWithProviders } from '@/testing/render'
import { OverviewDashboard } from './overview-dashboard'

// The chart code never arrives here: everything else must render without it.
vi.mock('./lazy-charts', () => {
  const never = () => lazy(() => new Promise<never>(() => {}))
  return { TimelineChart: never(), RefreshChart: never(), preloadCharts: () => {} }
})

// Named targets, as the server sends them to someone who may see the token.
const withTargetNames = (overview: Overview): Overview => ({
  ...overview,
  activity: overview.activity.map((event) => ({ ...event, targetName: 'Deploy bot token' })),
})

function renderOverview(overview = withTargetNames(makeOverview())) {
  const fetchMock = mockFetch({ 'GET /api/overview': () => ok(overview) })
  const result = renderWithProviders(<OverviewDashboard />, { path: '/overview' })
  return { ...result, fetchMock }
}

describe('OverviewDashboard', () => {
  it('links every status counter to the token list filtered by that status', async () => {
    renderOverview()
    const counters = within(await screen.findByRole('region', { name: 'Tokens by status' }))
    const expiring = counters.getByRole('link', { name: 'Expiring soon 3 tokens' })
    expect(expiring.getAttribute('href')).toBe('/tokens?status=expiring')
    expect(
      counters.getByRole('link', { name: 'Needs reconnect 2 tokens' }).getAttribute('href'),
    ).toBe('/tokens?status=needs_reauth')
    expect(counters.getByRole('link', { name: 'Revoked 0 tokens' }).getAttribute('href')).toBe(
      '/tokens?status=revoked',
    )
    expect(counters.getByRole('link', { name: 'Expiry unknown 4 tokens' })).toBeTruthy()
    expect(counters.getByRole('link', { name: 'All 130 tokens' }).getAttribute('href')).toBe(
      '/tokens',
    )
  })

  it('lists the timeline tokens in a table while the chart code loads', async () => {
    renderOverview()
    const table = await screen.findByRole('table', {
      name: 'Tokens expiring in the next 90 days, soonest first',
    })
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows).toHaveLength(2)
    const first = within(rows[0] as HTMLElement)
    expect(first.getByRole('link', { name: 'Deploy bot token' }).getAttribute('href')).toBe(
      '/tokens/tok-soon',
    )
    expect(first.getByText('Personal')).toBeTruthy()
    expect(first.getByText('Expiring soon')).toBeTruthy()
    expect(first.getByRole('time').getAttribute('datetime')).toBe('2026-03-04T12:00:00.000Z')
    expect(within(rows[1] as HTMLElement).getByText('Room notification')).toBeTruthy()
    expect(screen.getByText('Loading the expiry timeline…')).toBeTruthy()
    expect(screen.getByText('Loading the refresh chart…')).toBeTruthy()
    expect(screen.getByText(/dashed lines are your alerts, 1, 7 and 30 days ahead\./)).toBeTruthy()
  })

  it('shows 25 rows, then a hundred more at a time, and says when the timeline was cut', async () => {
    const timeline = Array.from({ length: 150 }, (_, i) => ({
      id: `t${i}`,
      label: `Token ${i}`,
      kind: 'addon' as const,
      status: 'valid' as const,
      expiresAt: new Date(Date.parse('2026-03-02T00:00:00.000Z') + i * 3_600_000).toISOString(),
    }))
    renderOverview(makeOverview({ timeline, timelineTruncated: true }))
    expect(await screen.findByText('Showing 25 of 150')).toBeTruthy()
    expect(screen.getByText(/Showing the 150 soonest expiries/)).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Show 100 more' }))
    expect(screen.getByText('Showing 125 of 150')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Show 25 more' }))
    expect(await screen.findByRole('link', { name: 'Token 149' })).toBeTruthy()
    expect(screen.queryByRole('button', { name: /more/ })).toBeNull()
  })

  it('shows failing tokens with the provider’s last answer, and recent activity', async () => {
    renderOverview()
    const refresh = within(await screen.findByRole('region', { name: 'Refresh health' }))
    expect(
      refresh.getByText('Last 24 hours: 12 refreshes succeeded (0 after retrying), 2 failed.'),
    ).toBeTruthy()
    const failing = within(refresh.getByRole('list', { name: 'Failing now (1)' }))
    expect(failing.getByRole('link', { name: 'CI user token' }).getAttribute('href')).toBe(
      '/tokens/tok-fail',
    )
    expect(failing.getByText('invalid_grant: refresh token revoked')).toBeTruthy()
    expect(failing.getByText('Needs reconnect')).toBeTruthy()
    const activity = within(screen.getByRole('region', { name: 'Recent activity' }))
    expect(activity.getByText('Token refreshed')).toBeTruthy()
    expect(activity.getByRole('link', { name: /Deploy bot token/ }).getAttribute('href')).toBe(
      '/tokens/tok-soon',
    )
  })

  it('agrees every count with its noun', async () => {
    const hours = makeOverview().refreshHealth.map((h, i) => ({
      ...h,
      succeeded: i === 3 ? 1 : 0,
      failed: i === 4 ? 1 : 0,
    }))
    renderOverview(
      makeOverview({
        refreshHealth: hours,
        counts: {
          valid: 1,
          expiring: 0,
          expired: 0,
          needs_reauth: 0,
          revoked: 0,
          unknown_expiry: 0,
        },
        total: 1,
        thresholds: { longLivedDays: 1, shortLivedMinutes: 1, alertDays: [1] },
        failingProviders: [
          {
            origin: 'https://idp.example.test',
            state: 'half_open',
            failures: 1,
            openUntil: null,
            lastError: 'the provider answered 503',
          },
        ],
      }),
    )
    expect(
      await screen.findByText('Last 24 hours: 1 refresh succeeded (0 after retrying), 1 failed.'),
    ).toBeTruthy()
    const counters = within(screen.getByRole('region', { name: 'Tokens by status' }))
    expect(counters.getByRole('link', { name: 'All 1 token' })).toBeTruthy()
    expect(counters.getByRole('link', { name: 'Valid 1 token' })).toBeTruthy()
    expect(
      counters.getByText(
        'Expiring soon means within 1 day for personal and room tokens, and within 1 minute for the others.',
      ),
    ).toBeTruthy()
    expect(screen.getByText('1 failure in a row; last: the provider answered 503')).toBeTruthy()
    expect(screen.getByText(/dashed lines are your alerts, 1 day ahead/)).toBeTruthy()
  })

  it('lists ten failing tokens first and the rest on request', async () => {
    const failing = Array.from({ length: 12 }, (_, i) => ({
      id: `f${i}`,
      label: `Failing ${i}`,
      kind: 'oauth' as const,
      status: 'valid' as const,
      lastError: `HTTP 503 from the token endpoint (${i})`,
      failingSince: null,
    }))
    renderOverview(makeOverview({ failing }))
    const list = await screen.findByRole('list', { name: 'Failing now (12)' })
    expect(within(list).getAllByRole('listitem')).toHaveLength(10)
    fireEvent.click(screen.getByRole('button', { name: 'Show all 12 failing tokens' }))
    expect(within(list).getAllByRole('listitem')).toHaveLength(12)
    expect(within(list).getByText('HTTP 503 from the token endpoint (11)')).toBeTruthy()
  })

  it('says so when nothing expires or fails', async () => {
    renderOverview(makeOverview({ timeline: [], failing: [], activity: [] }))
    expect(await screen.findByText('Nothing expires in the next 90 days')).toBeTruthy()
    expect(screen.getByText('No token is failing to refresh.')).toBeTruthy()
    expect(screen.queryByText('Loading the expiry timeline…')).toBeNull()
  })

  it('offers a retry when the overview cannot load', async () => {
    const fetchMock = mockFetch({
      'GET /api/overview': () => errorResponse(500, 'internal', 'Database is busy'),
    })
    renderWithProviders(<OverviewDashboard />, { path: '/overview' })
    expect(await screen.findByText('Could not load the overview')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }))
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2))
  })
})

describe('OverviewDashboard: failing providers', () => {
  it('warns when a provider is failing and says until when refreshes are paused', async () => {
    renderOverview(
      makeOverview({
        failingProviders: [
          {
            origin: 'https://idp.example.test',
            state: 'open',
            failures: 5,
            openUntil: '2026-03-01T12:05:00.000Z',
            lastError: 'the provider answered 503',
          },
          {
            origin: 'https://api.hipchat.example.test',
            state: 'half_open',
            failures: 7,
            openUntil: '2026-03-01T11:59:00.000Z',
            lastError: null,
          },
        ],
      }),
    )
    const region = within(await screen.findByRole('region', { name: 'Failing providers' }))
    const line = (origin: string) => region.getByText(origin).closest('p')
    const open = line('https://idp.example.test')
    expect(open?.textContent).toMatch(
      /^Provider https:\/\/idp\.example\.test is failing; refreshes paused until .+ \(in 5 minutes\)\.$/,
    )
    expect(open?.querySelector('time')?.getAttribute('datetime')).toBe('2026-03-01T12:05:00.000Z')
    expect(region.getByText('5 failures in a row; last: the provider answered 503')).toBeTruthy()
    expect(line('https://api.hipchat.example.test')?.textContent).toBe(
      'Provider https://api.hipchat.example.test is failing; one test request is checking whether it has recovered.',
    )
  })

  it('shows no provider warning while every provider answers', async () => {
    renderOverview()
    await screen.findByRole('region', { name: 'Tokens by status' })
    expect(screen.queryByRole('region', { name: 'Failing providers' })).toBeNull()
  })
})
