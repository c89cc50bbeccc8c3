import { fireEvent, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { created, errorResponse, mockFetch, requestBody } from '@/testing/mock-fetch'
import { renderWithProviders } from '@/testing/render'
import { CreatePersonForm } from './create-person-form'

const LINK = 'http://127.0.0.1:8080/invite#one-time-token'
const invite = {
  id: 'i1',
  email: 'ivy@example.com',
  name: 'Ivy',
  role: 'owner' as const,
  createdAt: '2026-01-01T00:00:00.000Z',
  expiresAt: '2026-01-08T00:00:00.000Z',
  invitedBy: 'Ada',
}

function fill(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } })
}

describe('CreatePersonForm', () => {
  it('invites by default and shows the link once, asking before it is closed', async () => {
    const fetchMock = mockFetch({
      'POST /api/users/invites': () => created({ invite, url: LINK }),
    })
    renderWithProviders(<CreatePersonForm />)
    expect(screen.queryByLabelText('Initial password')).toBeNull()
    fill('Email', 'Ivy@example.com')
    fill('Name', 'Ivy')
    fireEvent.click(screen.getByRole('button', { name: 'Create invite link' }))

    const dialog = await screen.findByRole('dialog', { name: 'Invite link created' })
    expect(within(dialog).getByText(LINK)).toBeTruthy()
    expect(requestBody(fetchMock)).toEqual({ email: 'ivy@example.com', name: 'Ivy', role: 'owner' })

    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }))
    expect(screen.getByText('Have you copied the invite link?')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Yes, close' }))
    expect(screen.queryByText(LINK)).toBeNull()
  })

  it('sets a password that must be changed at next sign-in unless the box is cleared', async () => {
    const person = {
      id: 'u2',
      email: 'bo@example.com',
      name: 'Bo',
      role: 'owner' as const,
      disabled: false,
      mustChangePassword: true,
      createdAt: '2026-01-01T00:00:00.000Z',
    }
    const fetchMock = mockFetch({ 'POST /api/users': () => created(person) })
    renderWithProviders(<CreatePersonForm />)
    fireEvent.click(screen.getByLabelText(/Set a password for them/))
    const box = screen.getByLabelText('Must change password at next sign-in') as HTMLInputElement
    expect(box.checked).toBe(true)

    const submit = async () => {
      fill('Email', 'bo@example.com')
      fill('Name', 'Bo')
      fill('Initial password', 'a long password')
      fireEvent.click(screen.getByRole('button', { name: 'Create person' }))
      await screen.findAllByText('Bo can now sign in as bo@example.com.')
    }
    await submit()
    expect(requestBody(fetchMock, 0)).toEqual({
      email: 'bo@example.com',
      name: 'Bo',
      role: 'owner',
      password: 'a long password',
      mustChangePassword: true,
    })
    fireEvent.click(screen.getByLabelText('Must change password at next sign-in'))
    await submit()
    expect(requestBody(fetchMock, 1)).toMatchObject({ mustChangePassword: false })
  })

  it('puts a taken address next to the email field', async () => {
    mockFetch({
      'POST /api/users/invites': () =>
        errorResponse(409, 'email_taken', 'An account with that email exists'),
    })
    renderWithProviders(<CreatePersonForm />)
    fill('Email', 'ada@example.com')
    fill('Name', 'Ada')
    fireEvent.click(screen.getByRole('button', { name: 'Create invite link' }))
    expect(await screen.findByText('An account with that email exists')).toBeTruthy()
    expect(screen.queryByRole('dialog')).toBeNull()
  })
})
