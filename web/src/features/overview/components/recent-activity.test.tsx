import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { makeAuditEvent } from '@/testing/audit-fixture'
import { renderWithProviders } from '@/testing/render'
import { RecentActivity } from './recent-activity'

describe('RecentActivity', () => {
  it('names the target and the actor in words', () => {
    renderWithProviders(
      <RecentActivity
        events={[
          makeAuditEvent({
            id: 2,
            action: 'bot.access',
            actorType: 'bot_key',
            actorName: 'ci-key',
            targetName: 'Deploy bot',
          }),
          makeAuditEvent({ id: 1, action: 'auth.login', targetType: null, targetId: null }),
        ]}
      />,
    )
    const [first, second] = screen.getAllByRole('listitem')
    expect(first?.textContent).toContain('Bot fetched the token · Token “Deploy bot”')
    expect(first?.textContent).toContain('By bot key ci-key')
    expect(screen.getByRole('link', { name: 'Token “Deploy bot”' }).getAttribute('href')).toBe(
      '/tokens/tok1',
    )
    expect(second?.textContent).toMatch(/^Signed in(?!·)/)
  })
})
