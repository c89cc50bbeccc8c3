import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { created, errorResponse, mockFetch, requestBody } from '@/testing/mock-fetch'
import { renderWithProviders } from '@/testing/render'
import { CreateAddonForm } from './create-addon-form'

const SCOPE_NAMES = [
  'Administer Group',
  'Administer Room',
  'Import Data',
  'Manage Rooms',
  'Send Message',
  'Send Notification',
  'View Group',
  'View Messages',
  'View Room',
]

const addon = {
  id: 'a1',
  key: 'com.example.standup',
  name: 'Standup',
  description: '',
  scopes: ['send_notification', 'view_room'],
  allowGlobal: true,
  allowRoom: false,
  descriptorUrl: 'http://td/api/addons/a1/descriptor',
  callbackUrl: 'http://td/api/addons/a1/installable',
  installationCount: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
}

const fill = (label: string, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } })
const submit = () => fireEvent.click(screen.getByRole('button', { name: 'Create add-on' }))

describe('CreateAddonForm', () => {
  it('offers the nine HipChat scopes by their human names', () => {
    mockFetch({})
    renderWithProviders(<CreateAddonForm />)
    const group = screen.getByRole('group', { name: 'Scopes' })
    const boxes = within(group).getAllByRole('checkbox')
    expect(boxes.map((b) => b.closest('label')?.textContent)).toEqual(SCOPE_NAMES)
    expect(within(group).getByLabelText('Send Notification')).toHaveProperty('checked', true)
    expect(screen.getByLabelText('Allow global installs')).toHaveProperty('checked', true)
    expect(screen.getByLabelText('Allow room installs')).toHaveProperty('checked', true)
  })

  it('explains every problem next to its field before calling the server', async () => {
    const fetchMock = mockFetch({})
    renderWithProviders(<CreateAddonForm />)
    fill('Key', 'Bad Key!')
    fireEvent.click(screen.getByLabelText('Send Notification'))
    fireEvent.click(screen.getByLabelText('Allow global installs'))
    fireEvent.click(screen.getByLabelText('Allow room installs'))
    submit()
    expect(await screen.findByText(/Use 3 to 100 lowercase letters/)).toBeTruthy()
    expect(screen.getByText('Required')).toBeTruthy()
    expect(screen.getByText('Choose at least one scope')).toBeTruthy()
    expect(screen.getByText('Allow a global install, a room install, or both')).toBeTruthy()
    expect(document.activeElement).toBe(screen.getByLabelText('Key'))
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it('sends the chosen scopes and install targets and reports the new add-on', async () => {
    const fetchMock = mockFetch({ 'POST /api/addons': () => created(addon) })
    const onCreated = vi.fn()
    renderWithProviders(<CreateAddonForm onCreated={onCreated} />)
    fill('Key', 'com.example.standup')
    fill('Name', 'Standup')
    fireEvent.click(screen.getByLabelText('View Room'))
    fireEvent.click(screen.getByLabelText('Allow room installs'))
    submit()
    await waitFor(() => expect(onCreated).toHaveBeenCalled())
    expect(requestBody(fetchMock)).toEqual({
      key: 'com.example.standup',
      name: 'Standup',
      scopes: ['send_notification', 'view_room'],
      allowGlobal: true,
      allowRoom: false,
    })
  })

  it('puts a duplicate key error on the key field', async () => {
    mockFetch({
      'POST /api/addons': () => errorResponse(409, 'conflict', 'An add-on with this key exists'),
    })
    renderWithProviders(<CreateAddonForm />)
    fill('Key', 'com.example.standup')
    fill('Name', 'Standup')
    submit()
    expect(await screen.findByText('An add-on with this key exists')).toBeTruthy()
    expect(screen.getByLabelText('Key').getAttribute('aria-invalid')).toBe('true')
  })
})
