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
