import { render, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { ErrorBoundary } from './error-boundary'

function Boom(): never {
  throw new Error('kaboom')
}

describe('ErrorBoundary', () => {
  it('shows a fallback page and recovers when the reset key changes', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const { rerender } = render(
      <ErrorBoundary resetKey="/a">
        <Boom />
      </ErrorBoundary>,
    )
    expect(screen.getByRole('heading', { level: 1, name: 'Something went wrong' })).toBeTruthy()
    expect(screen.getByText('kaboom')).toBeTruthy()

    rerender(
      <ErrorBoundary resetKey="/b">
        <p>Fine again</p>
      </ErrorBoundary>,
    )
    expect(screen.getByText('Fine again')).toBeTruthy()
  })
})
