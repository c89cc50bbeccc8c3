import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { created, errorResponse, type Handler, mockFetch, ok } from '@/testing/mock-fetch'
import { renderWithProviders } from '@/testing/render'
import { makeToken } from '@/testing/token-fixture'
import { PasteTokenForm } from './paste-token-form'

const trusted: Handler<'GET /api/providers/trusted'> = () =>
  ok({
    items: [
      { label: '127.0.0.1:4010', apiBase: 'http://127.0.0.1:4010/v2/', source: 'config' as const },
      {
        label: 'Acme on acme.hipchat.com (installation)',
        apiBase: 'https://acme.hipchat.com/v2/',
        source: 'installation' as const,
      },
    ],
  })

const posts = (fetchMock: ReturnType<typeof mockFetch>) =>
  fetchMock.mock.calls
    .filter(([, init]) => init?.method === 'POST')
    .map(([, init]) => JSON.parse(String(init?.body)))

function fill() {
  fireEvent.change(screen.getByLabelText('Label'), { target: { value: 'Deploy bot' } })
  fireEvent.change(screen.getByLabelText('Token value'), { target: { value: 'abc123' } })
}

describe('PasteTokenForm', () => {
  it('offers the trusted providers, the first one chosen, and sends its API base', async () => {
    const onCreated = vi.fn()
    const fetchMock = mockFetch({
      'GET /api/providers/trusted': trusted,
      'POST /api/tokens': () => created(makeToken({ label: 'Deploy bot' })),
    })
    renderWithProviders(<PasteTokenForm onCreated={onCreated} onCancel={() => {}} />)
    const picker = (await screen.findByRole('option', { name: /127\.0\.0\.1:4010/ }))
      .parentElement as HTMLSelectElement
    expect(picker.value).toBe('http://127.0.0.1:4010/v2/')
    expect(
      within(picker)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual([
      '127.0.0.1:4010 — http://127.0.0.1:4010/v2/',
      'Acme on acme.hipchat.com (installation) — https://acme.hipchat.com/v2/',
      'Other…',
    ])
    expect(screen.queryByLabelText('Provider API URL')).toBeNull()
    fireEvent.change(screen.getByLabelText('Provider'), {
      target: { value: 'https://acme.hipchat.com/v2/' },
    })
    fill()
    fireEvent.click(screen.getByRole('button', { name: 'Add token' }))
    await waitFor(() => expect(onCreated).toHaveBeenCalled())
    expect(posts(fetchMock)).toEqual([
      {
        kind: 'personal',
        label: 'Deploy bot',
        value: 'abc123',
        providerUrl: 'https://acme.hipchat.com/v2/',
      },
    ])
  })

  it('reveals a URL field under Other… that says an untrusted URL cannot be verified', async () => {
    mockFetch({ 'GET /api/providers/trusted': trusted })
    renderWithProviders(<PasteTokenForm onCreated={() => {}} onCancel={() => {}} />)
    await screen.findByRole('option', { name: 'Other…' })
    fireEvent.change(screen.getByLabelText('Provider'), { target: { value: 'other' } })
    const url = screen.getByLabelText('Provider API URL')
    expect(url.getAttribute('aria-describedby')).toBeTruthy()
    expect(
      screen.getByText(/If this URL is not one of them, the token cannot be verified/),
    ).toBeTruthy()
    fill()
    fireEvent.change(url, { target: { value: 'ftp://files.example.com/' } })
    fireEvent.click(screen.getByRole('button', { name: 'Add token' }))
    expect(await screen.findByText(/Enter the provider’s API URL/)).toBeTruthy()
    expect(document.activeElement).toBe(url)
  })

  it('keeps the dialog open when the token cannot be verified, and saves unverified only when asked', async () => {
    const onCreated = vi.fn()
    const fetchMock = mockFetch({
      'GET /api/providers/trusted': trusted,
      'POST /api/tokens': ({ json }) =>
        (json as { allowUnverified?: boolean }).allowUnverified
          ? created(makeToken({ label: 'Deploy bot', verified: false }))
          : errorResponse(
              422,
              'provider_untrusted',
              'https://api.example.com is not a provider this server trusts, so Token Desk cannot ask it whether the token works or when it expires.',
            ),
    })
    renderWithProviders(<PasteTokenForm onCreated={onCreated} onCancel={() => {}} />)
    await screen.findByRole('option', { name: 'Other…' })
    fireEvent.change(screen.getByLabelText('Provider'), { target: { value: 'other' } })
    fireEvent.change(screen.getByLabelText('Provider API URL'), {
      target: { value: 'https://api.example.com/v2/' },
    })
    fill()
    fireEvent.click(screen.getByRole('button', { name: 'Add token' }))

    expect(await screen.findByText('Token Desk could not verify this token')).toBeTruthy()
    expect(screen.getByText(/is not a provider this server trusts/)).toBeTruthy()
    expect(onCreated).not.toHaveBeenCalled()
    const save = screen.getByRole('button', { name: 'Save without verifying' })
    expect(document.activeElement?.contains(save)).toBe(true)
    fireEvent.click(save)
    await waitFor(() => expect(onCreated).toHaveBeenCalled())
    expect(posts(fetchMock).map((b) => b.allowUnverified)).toEqual([undefined, true])
    expect(posts(fetchMock)[1]).toMatchObject({ providerUrl: 'https://api.example.com/v2/' })
  })

  it('starts on Other… when this server trusts no single provider', async () => {
    mockFetch({ 'GET /api/providers/trusted': () => ok({ items: [] }) })
    renderWithProviders(<PasteTokenForm onCreated={() => {}} onCancel={() => {}} />)
    expect(await screen.findByLabelText('Provider API URL')).toBeTruthy()
    expect(screen.getByText(/trusts no single provider yet/)).toBeTruthy()
  })
})
