import { fireEvent, screen, within } from '@testing-library/react'
import type { User } from '@tokendesk/shared/schemas/user'
import { describe, expect, it } from 'vitest'
import { errorResponse, mockFetch, ok, requestBody } from '@/testing/mock-fetch'
import { renderWithProviders } from '@/testing/render'
import { PeopleList } from './people-list'

const people: User[] = [
  { id: 'a1', email: 'ana@example.com', name: 'Ana', disabled: false },
  { id: 'b2', email: 'bo@example.com', name: 'Bo', disabled: false },
].map((p) => ({ ...p, role: 'admin' as const, createdAt: '2026-01-01T00:00:00.000Z' }))

describe('PeopleList', () => {
  it('lists people with role and status, without a self-disable button', async () => {
    mockFetch({ 'GET /api/users': () => ok({ items: people, nextCursor: null }) })
    renderWithProviders(<PeopleList currentUserId="a1" />)
    const row = (await screen.findByText('bo@example.com')).closest('tr') as HTMLElement
    expect(within(row).getByText('Admin')).toBeTruthy()
    expect(within(row).getByText('Active')).toBeTruthy()
    // No one is offered the button to disable themselves.
    const selfRow = screen.getByText('ana@example.com').closest('tr') as HTMLElement
    expect(within(selfRow).queryByRole('button', { name: /disable/i })).toBeNull()
  })

  it('confirms before disabling and shows the server refusal', async () => {
    const fetchMock = mockFetch({
      'GET /api/users': () => ok({ items: people, nextCursor: null }),
      'PATCH /api/users/:id': () =>
        errorResponse(409, 'last_admin', 'At least one active admin must remain'),
    })
    renderWithProviders(<PeopleList currentUserId="a1" />)
    fireEvent.click(await screen.findByRole('button', { name: 'Disable Bo' }))
    expect(screen.getByText('Disable Bo?')).toBeTruthy()
    expect(fetchMock).toHaveBeenCalledTimes(1)

    fireEvent.click(screen.getByRole('button', { name: 'Disable account' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('At least one active admin must remain')
    expect(requestBody(fetchMock, 1)).toEqual({ disabled: true })
  })

  it('shows the load error with a retry button', async () => {
    mockFetch({ 'GET /api/users': () => errorResponse(500, 'internal', 'Internal server error') })
    renderWithProviders(<PeopleList currentUserId="a1" />)
    expect((await screen.findByRole('alert')).textContent).toContain('Internal server error')
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy()
  })
})
