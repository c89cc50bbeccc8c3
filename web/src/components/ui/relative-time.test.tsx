import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { RelativeTime } from './relative-time'

const now = new Date('2026-03-01T09:30:00Z')
const fixed = { now, locale: 'en-US', timeZone: 'UTC' }

describe('RelativeTime', () => {
  it('shows the absolute time with its zone and a future relative time', () => {
    const { container } = render(<RelativeTime date="2026-03-04T09:30:00Z" {...fixed} />)
    const time = container.querySelector('time')
    expect(time?.getAttribute('dateTime')).toBe('2026-03-04T09:30:00.000Z')
    expect(time?.getAttribute('title')).toBe('2026-03-04T09:30:00.000Z')
    expect(time?.textContent).toBe('Mar 4, 2026, 09:30 AM UTC (in 3 days)')
  })

  it('describes past times', () => {
    render(<RelativeTime date={new Date('2026-03-01T07:30:00Z')} {...fixed} />)
    expect(screen.getByText('(2 hours ago)')).toBeTruthy()
  })

  it('rounds to the largest fitting unit and says "now" for the present', () => {
    const { rerender } = render(<RelativeTime date="2026-03-01T09:30:20Z" {...fixed} />)
    expect(screen.getByText('(now)')).toBeTruthy()
    rerender(<RelativeTime date="2026-05-01T09:30:00Z" {...fixed} />)
    expect(screen.getByText('(in 2 months)')).toBeTruthy()
    rerender(<RelativeTime date="2026-03-01T09:00:00Z" {...fixed} />)
    expect(screen.getByText('(30 minutes ago)')).toBeTruthy()
  })

  it('renders a placeholder for an unparseable date', () => {
    render(<RelativeTime date="not a date" {...fixed} />)
    expect(screen.getByText('Unknown time')).toBeTruthy()
  })
})
