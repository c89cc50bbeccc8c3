import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { ACTOR_EVENTS } from '@/testing/audit-fixture'
import { renderWithProviders } from '@/testing/render'
import { AuditTable } from './audit-table'

describe('AuditTable', () => {
  it('names the actor in words, with a person’s email beside their name', () => {
    renderWithProviders(<AuditTable pages={[ACTOR_EVENTS]} />)
    const rows = screen.getAllByRole('row').slice(1)
    const actor = (row: HTMLElement | undefined) =>
      within(row as HTMLElement).getAllByRole('cell')[1] as HTMLElement
    expect(within(actor(rows[0])).getByText('by Owen')).toBeTruthy()
    expect(within(actor(rows[0])).getByText('owen@example.com')).toBeTruthy()
    expect(actor(rows[1]).textContent).toBe('by bot key deploy-bot')
    expect(actor(rows[2]).textContent).toBe('by the background refresher')
    expect(actor(rows[3]).textContent).toBe('by the system')
  })
})
