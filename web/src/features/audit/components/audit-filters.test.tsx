import { fireEvent, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { renderWithProviders } from '@/testing/render'
import { AuditFiltersBar } from './audit-filters'

describe('AuditFiltersBar', () => {
  it('keeps the action in view and says how many folded filters are on', () => {
    const onChange = vi.fn()
    renderWithProviders(
      <AuditFiltersBar
        raw={{ actor: 'ann@example.com', action: 'token.share_added', from: '2026-03-01', to: '' }}
        onChange={onChange}
      />,
    )
    const toggle = screen.getByRole('button', { name: 'More filters (2 on)' })
    expect(toggle.getAttribute('aria-expanded')).toBe('false')
    fireEvent.click(toggle)
    expect(toggle.getAttribute('aria-expanded')).toBe('true')
    const action = screen.getByLabelText('Action') as HTMLSelectElement
    expect(action.value).toBe('token.share_added')
    expect(screen.getByRole('option', { name: 'Starting with “token.share_added”' })).toBeTruthy()
    fireEvent.change(action, { target: { value: 'auth.' } })
    expect(onChange).toHaveBeenCalledWith('action', 'auth.')
  })
})
