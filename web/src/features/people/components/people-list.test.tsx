import { fireEvent, screen, within } from '@testing-library/react'
import type { Invite } from '@tokendesk/shared/schemas/invite'
import type { User } from '@tokendesk/shared/schemas/user'
import { describe, expect, it } from 'vitest'
import {
  errorResponse,
  type Handlers,
  mockFetch,
  noContent,
  ok,
  requestBody,
} from '@/testing/mock-fetch'
import { renderWithProviders } from '@/testing/render'
import { PeopleList } from './people-list'

const people: User[] = [
  { id: 'a1', email: 'ana@example.com', name: 'Ana', disabled: false },
  { id: 'b2', email: 'bo@example.com', name: 'Bo', disabled: false },
].map((p) => ({ ...p, role: 'admin' as const, createdAt: '2026-01-01T00:00:00.000Z' }))

const invite = (over: Partial<Invite> = {}): Invite => ({
  id: 'i1',
  email: 'ivy@example.com',
  name: 'Ivy',
  role: 'owner',
  createdAt: '2026-01-01T00:00:00.000Z',
  expiresAt: '2999-01-08T00:00:00.000Z',
  invitedBy: 'Ana',
  ...over,
})

const listed = (invites: Invite[] = []): Handlers => ({
  'GET /api/users': () => ok({ items: people, nextCursor: null }),
  'GET /api/users/invites': () => ok({ items: invites }),
})

const rowOf = (text: string) => screen.getByText(text).closest('tr') as HTMLElement

describe('PeopleList', () => {
  it('lists people with role and status, without a self-disable button', async () => {
    mockFetch(listed())
    renderWithProviders(<PeopleList currentUserId="a1" />)
    const row = (await screen.findByText('bo@example.com')).closest('tr') as HTMLElement
    expect(within(row).getByText('Admin')).toBeTruthy()
    expect(within(row).getByText('Active')).toBeTruthy()
    // No one is offered the button to disable themselves, or to reset their own password here.
    const selfRow = rowOf('ana@example.com')
    expect(within(selfRow).queryByRole('button', { name: /disable/i })).toBeNull()
    expect(within(selfRow).queryByRole('button', { name: /reset password/i })).toBeNull()
    expect(screen.queryByRole('heading', { name: 'Pending invites' })).toBeNull()
  })

  it('does not offer the only active admin a way to stop being one', async () => {
    const soloAdmin: User[] = [
      people[0] as User,
      { ...(people[1] as User), role: 'owner' },
      { ...(people[1] as User), id: 'c3', email: 'cy@example.com', name: 'Cy', disabled: true },
    ]
    mockFetch({ ...listed(), 'GET /api/users': () => ok({ items: soloAdmin, nextCursor: null }) })
    renderWithProviders(<PeopleList currentUserId="a1" />)
    const selfRow = (await screen.findByText('ana@example.com')).closest('tr') as HTMLElement
    expect(within(selfRow).queryByRole('button', { name: /make owner/i })).toBeNull()
    expect(within(selfRow).getByText('Only admin')).toBeTruthy()
    // A disabled admin does not count; the owner may still be made an admin.
    expect(
      within(rowOf('bo@example.com')).getByRole('button', { name: 'Make admin Bo' }),
    ).toBeTruthy()
  })

  it('offers every admin the change while another active admin remains', async () => {
    mockFetch(listed())
    renderWithProviders(<PeopleList currentUserId="a1" />)
    expect(await screen.findByRole('button', { name: 'Make owner Ana' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Make owner Bo' })).toBeTruthy()
    expect(screen.queryByText('Only admin')).toBeNull()
  })

  it('shows who must still change the password an admin set', async () => {
    mockFetch({
      ...listed(),
      'GET /api/users': () =>
        ok({ items: [{ ...people[1], mustChangePassword: true } as User], nextCursor: null }),
    })
    renderWithProviders(<PeopleList currentUserId="a1" />)
    const row = (await screen.findByText('bo@example.com')).closest('tr') as HTMLElement
    expect(within(row).getByText('Must change password')).toBeTruthy()
  })

  it('confirms before disabling and shows the server refusal', async () => {
    const fetchMock = mockFetch({
      ...listed(),
      'PATCH /api/users/:id': () =>
        errorResponse(409, 'last_admin', 'At least one active admin must remain'),
    })
    renderWithProviders(<PeopleList currentUserId="a1" />)
    fireEvent.click(await screen.findByRole('button', { name: 'Disable Bo' }))
    expect(screen.getByText('Disable Bo?')).toBeTruthy()
    const calls = fetchMock.mock.calls.length

    fireEvent.click(screen.getByRole('button', { name: 'Disable account' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('At least one active admin must remain')
    expect(fetchMock).toHaveBeenCalledTimes(calls + 1)
    expect(requestBody(fetchMock, calls)).toEqual({ disabled: true })
  })

  it('resets a password, to be changed at next sign-in by default', async () => {
    const fetchMock = mockFetch({
      ...listed(),
      'PUT /api/users/:id/password': ({ params, json }) =>
        ok({ ...(people[1] as User), id: params.id ?? '', ...(json as object) } as User),
    })
    renderWithProviders(<PeopleList currentUserId="a1" />)
    fireEvent.click(await screen.findByRole('button', { name: 'Reset password for Bo' }))
    const dialog = screen.getByRole('dialog', { name: 'Reset the password for Bo' })
    fireEvent.change(within(dialog).getByLabelText('New password'), {
      target: { value: 'a fresh long password' },
    })
    const calls = fetchMock.mock.calls.length
    fireEvent.click(within(dialog).getByRole('button', { name: 'Set password' }))
    expect(
      await screen.findByText('Bo has a new password and must change it at next sign-in.'),
    ).toBeTruthy()
    expect(fetchMock.mock.calls[calls]?.[0]).toContain('/api/users/b2/password')
    expect(requestBody(fetchMock, calls)).toEqual({
      password: 'a fresh long password',
      mustChangePassword: true,
    })
  })

  it('lists pending and expired invites and revokes one after asking', async () => {
    const fetchMock = mockFetch({
      ...listed([
        invite(),
        invite({ id: 'i2', email: 'old@example.com', expiresAt: '2020-01-01T00:00:00.000Z' }),
      ]),
      'DELETE /api/users/invites/:id': () => noContent(),
    })
    renderWithProviders(<PeopleList currentUserId="a1" />)
    expect(await screen.findByRole('heading', { name: 'Pending invites' })).toBeTruthy()
    expect(within(rowOf('old@example.com')).getByText('Expired')).toBeTruthy()
    expect(within(rowOf('ivy@example.com')).queryByText('Expired')).toBeNull()

    fireEvent.click(screen.getByRole('button', { name: 'Revoke the invite for ivy@example.com' }))
    expect(screen.getByText('Revoke the invite for ivy@example.com?')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Revoke invite' }))
    expect(await screen.findByText('The invite for ivy@example.com no longer works.')).toBeTruthy()
    const revoked = fetchMock.mock.calls.find(([, init]) => init?.method === 'DELETE')
    expect(revoked?.[0]).toContain('/api/users/invites/i1')
  })

  it('shows the load error with a retry button', async () => {
    mockFetch({
      ...listed(),
      'GET /api/users': () => errorResponse(500, 'internal', 'Internal server error'),
    })
    renderWithProviders(<PeopleList currentUserId="a1" />)
    expect((await screen.findByRole('alert')).textContent).toContain('Internal server error')
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy()
  })
})
