import { fireEvent, screen, within } from '@testing-library/react'
import type { AuditEvent } from '@tokendesk/shared/schemas/audit'
import { describe, expect, it } from 'vitest'
import { RequireAuth } from '@/features/auth/components/require-auth'
import { makeBotKey } from '@/testing/bot-key-fixture'
import { errorResponse, mockFetch, ok } from '@/testing/mock-fetch'
import { renderWithProviders } from '@/testing/render'
import { makeToken } from '@/testing/token-fixture'
import { TokenDetailRoute } from './token-detail'

const user = (role: 'admin' | 'owner') => ({
  id: role === 'admin' ? 'admin1' : 'u1',
  email: `${role}@example.com`,
  name: role,
  role,
  disabled: false,
  createdAt: '2026-01-01T00:00:00.000Z',
})

function renderDetail(role: 'admin' | 'owner', handlers: Parameters<typeof mockFetch>[0]) {
  mockFetch({
    'GET /api/auth/me': () => ok(user(role)),
    'GET /api/bot-keys': () => ok({ items: [], nextCursor: null }),
    'GET /api/tokens/:id/audit': () => ok({ items: [], nextCursor: null }),
    'GET /api/tokens/:id/shares': () => ok({ items: [], nextCursor: null }),
    ...handlers,
  })
  return renderWithProviders(<RequireAuth>{() => <TokenDetailRoute />}</RequireAuth>, {
    path: '/tokens/:id',
    url: '/tokens/tok1',
  })
}

describe('TokenDetailRoute', () => {
  it('shows the not-found page for a foreign or unknown id', async () => {
    renderDetail('owner', {
      'GET /api/tokens/:id': () => errorResponse(404, 'not_found', 'Token not found'),
    })
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeTruthy()
  })

  it('gives admins metadata, reassignment and removal but no Copy or Reveal', async () => {
    renderDetail('admin', {
      'GET /api/tokens/:id': () => ok(makeToken({ access: 'admin', ownerName: 'Ana Owner' })),
    })
    expect(await screen.findByRole('heading', { level: 1, name: 'Deploy bot token' })).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Copy' })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Reveal' })).toBeNull()
    expect(screen.getByRole('button', { name: 'Change owner' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Revoke' })).toBeTruthy()
    // Admins may see who holds a share but not share it themselves.
    expect(await screen.findByText('Not shared with anyone.')).toBeTruthy()
    expect(screen.queryByLabelText('Share with (email)')).toBeNull()
    expect(screen.queryByRole('heading', { name: 'Edit' })).toBeNull()
  })

  it('lists the bot keys that used the token before a delete is confirmed', async () => {
    const recent = new Date(Date.now() - 3_600_000).toISOString()
    const old = new Date(Date.now() - 40 * 24 * 3_600_000).toISOString()
    const access = (id: number, keyId: string, at: string, count: number): AuditEvent => ({
      id,
      at,
      actorId: keyId,
      actorEmail: null,
      actorType: 'bot_key',
      actorName: keyId === 'k1' ? 'deploy-bot' : null,
      action: 'bot.access',
      targetType: 'token',
      targetId: 'tok1',
      ownerId: 'u1',
      ip: '127.0.0.1',
      userAgent: null,
      detail: { keyId, count },
    })
    renderDetail('owner', {
      'GET /api/tokens/:id': () => ok(makeToken()),
      'GET /api/bot-keys': () => ok({ items: [makeBotKey()], nextCursor: null }),
      'GET /api/tokens/:id/audit': () =>
        ok({
          items: [access(3, 'k1', recent, 4), access(2, 'k1', recent, 1), access(1, 'k2', old, 9)],
          nextCursor: null,
        }),
    })
    fireEvent.click(await screen.findByRole('button', { name: 'Delete' }))
    const dialog = await screen.findByRole('dialog', { name: 'Delete “Deploy bot token”?' })
    const item = await within(dialog).findByText('deploy-bot')
    expect(item.closest('li')?.textContent).toContain('5 calls')
    expect(within(dialog).queryByText(/k2/)).toBeNull()
    expect(screen.getByRole('button', { name: 'Copy' })).toBeTruthy()
  })
})
