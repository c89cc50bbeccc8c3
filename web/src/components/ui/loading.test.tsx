import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { Loading } from './loading'
import { PageLoading } from './page-loading'

describe('Loading', () => {
  it('shows a skeleton and names what is loading for assistive technology', () => {
    const { container } = render(<Loading label="Loading tokens…" lines={4} />)
    const status = screen.getByRole('status')
    expect(status.getAttribute('aria-busy')).toBe('true')
    expect(status.textContent).toBe('Loading tokens…')
    expect(screen.getByText('Loading tokens…').className).toBe('visually-hidden')
    const skeleton = container.querySelector('.skeleton-list')
    expect(skeleton?.getAttribute('aria-hidden')).toBe('true')
    expect(skeleton?.querySelectorAll('.skeleton-row')).toHaveLength(4)
  })

  it('draws a page skeleton while a page loads', () => {
    render(<PageLoading />)
    expect(screen.getByRole('status').textContent).toBe('Loading page…')
  })
})
