import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderWithProviders } from '@/testing/render'
import { makeToken } from '@/testing/token-fixture'
import { TokenMetadata } from './token-metadata'

describe('TokenMetadata', () => {
  it('says when a revocation still waits on the provider, and when it was last tried', () => {
    renderWithProviders(
      <TokenMetadata
        token={makeToken({
          status: 'revoked',
          revocationPending: true,
          revocationLastTriedAt: '2026-03-01T11:58:00.000Z',
        })}
      />,
    )
    const line = screen.getByText(/Revocation pending at the provider — retrying; last tried/)
    expect(line.querySelector('time')?.getAttribute('datetime')).toBe('2026-03-01T11:58:00.000Z')
  })

  it('says nothing about the provider once it has confirmed', () => {
    renderWithProviders(<TokenMetadata token={makeToken({ status: 'revoked' })} />)
    expect(screen.queryByText(/Revocation pending/)).toBeNull()
  })
})

describe('TokenMetadata expiry', () => {
  const now = Date.now()
  const providerSays = new Date(now + 400 * 86_400_000).toISOString()
  const youSet = new Date(now + 7 * 86_400_000).toISOString()

  it('shows what the provider says and what the owner set, each as a time, marked manual', () => {
    renderWithProviders(
      <TokenMetadata
        token={makeToken({
          expiresAt: youSet,
          providerExpiresAt: providerSays,
          expiryManual: true,
        })}
      />,
    )
    expect(screen.getByText('manual')).toBeTruthy()
    const note = screen.getByText(/Provider says:/)
    expect(note.textContent).toMatch(/Provider says: .+ \(.+\); you set: .+ \(in 7 days\)/)
    expect([...note.querySelectorAll('time')].map((t) => t.getAttribute('datetime'))).toEqual([
      providerSays,
      youSet,
    ])
    expect(note.textContent).toContain('Status and alerts use the date you set')
  })

  it('says the date is the provider’s when it is, with no manual mark', () => {
    renderWithProviders(
      <TokenMetadata
        token={makeToken({ expiresAt: providerSays, providerExpiresAt: providerSays })}
      />,
    )
    expect(screen.queryByText('manual')).toBeNull()
    expect(screen.getByText(/as the provider says/)).toBeTruthy()
  })
})
