import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import type { GettingStarted } from '@tokendesk/shared/schemas/overview'
import { lazy } from 'react'
import { Link } from 'react-router-dom'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mockFetch, ok } from '@/testing/mock-fetch'
import { makeOverview } from '@/testing/overview-fixture'
import { renderWithProviders } from '@/testing/render'
import { CHECKLIST_STORAGE_KEY } from './checklist-dismissal'
import { OverviewDashboard } from './overview-dashboard'

vi.mock('./lazy-charts', () => {
  const never = () => lazy(() => new Promise<never>(() => {}))
  return { TimelineChart: never(), RefreshChart: never(), preloadCharts: () => {} }
})

const NONE: GettingStarted = { token: false, addon: false, botKey: false }

function renderWith(steps: () => GettingStarted | undefined) {
  const fetchMock = mockFetch({
    'GET /api/overview': () => ok(makeOverview({ gettingStarted: steps() })),
  })
  const result = renderWithProviders(<OverviewDashboard />, {
    path: '/overview',
    routes: [
      {
        path: '*',
        element: <Link to="/overview">Back to the overview</Link>,
      },
    ],
  })
  return { ...result, fetchMock }
}

const checklist = () => screen.findByRole('region', { name: 'Getting started' })

afterEach(() => window.localStorage.clear())

describe('the getting-started checklist', () => {
  it('lists the three first steps, each linked to where it is done', async () => {
    renderWith(() => NONE)
    const region = within(await checklist())
    expect(region.getByText('0 of 3 done')).toBeTruthy()
    const steps = region.getAllByRole('listitem')
    expect(steps.map((step) => step.querySelector('.checklist-title')?.textContent)).toEqual([
      'Add a token To do',
      'Register an add-on To do',
      'Create a bot key To do',
    ])
    const href = (name: string) => region.getByRole('link', { name }).getAttribute('href')
    expect(href('Add a token')).toBe('/tokens')
    expect(href('Register an add-on')).toBe('/add-ons')
    expect(href('register an installation')).toBe('/installations')
    expect(href('Create a bot key')).toBe('/bot-keys')
  })

  it('ticks what is done and comes back ticked after the admin did a step elsewhere', async () => {
    let steps: GettingStarted = { ...NONE, addon: true }
    const { fetchMock } = renderWith(() => steps)
    const region = within(await checklist())
    expect(region.getByText('1 of 3 done')).toBeTruthy()
    const addon = region.getByRole('link', { name: 'Register an add-on' }).closest('li')
    expect(addon?.className).toContain('is-done')
    expect(within(addon as HTMLElement).getByText('Done')).toBeTruthy()

    fireEvent.click(region.getByRole('link', { name: 'Add a token' }))
    steps = { ...steps, token: true }
    fireEvent.click(await screen.findByRole('link', { name: 'Back to the overview' }))
    expect(await screen.findByText('2 of 3 done')).toBeTruthy()
    expect(fetchMock).toHaveBeenCalledTimes(2)
    const token = screen.getByRole('link', { name: 'Add a token' }).closest('li')
    expect(within(token as HTMLElement).getByText('Done')).toBeTruthy()
  })

  it('is gone once all three are done', async () => {
    renderWith(() => ({ token: true, addon: true, botKey: true }))
    await screen.findByRole('region', { name: 'Tokens by status' })
    expect(screen.queryByRole('region', { name: 'Getting started' })).toBeNull()
  })

  it('is not shown when the server sends no checklist (an owner)', async () => {
    renderWith(() => undefined)
    await screen.findByRole('region', { name: 'Tokens by status' })
    expect(screen.queryByRole('region', { name: 'Getting started' })).toBeNull()
  })

  it('can be hidden for good, and hands focus to the next section', async () => {
    const first = renderWith(() => NONE)
    fireEvent.click(within(await checklist()).getByRole('button', { name: 'Hide this checklist' }))
    expect(screen.queryByRole('region', { name: 'Getting started' })).toBeNull()
    expect(document.activeElement?.textContent).toBe('Tokens by status')
    expect(window.localStorage.getItem(CHECKLIST_STORAGE_KEY)).toBe('dismissed')
    first.unmount()

    renderWith(() => NONE)
    await screen.findByRole('region', { name: 'Tokens by status' })
    await waitFor(() => expect(screen.queryByText('0 of 3 done')).toBeNull())
    expect(screen.queryByRole('region', { name: 'Getting started' })).toBeNull()
  })
})
