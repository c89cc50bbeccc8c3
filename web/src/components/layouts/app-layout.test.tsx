import { act, fireEvent, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { renderWithProviders } from '@/testing/render'
import { AppLayout } from './app-layout'
import { THEME_STORAGE_KEY } from './theme'

const NAV = [
  { to: '/overview', label: 'Overview' },
  { to: '/tokens', label: 'Tokens' },
]

function renderLayout() {
  const ui = (
    <AppLayout
      navItems={NAV}
      actions={<button type="button">Bell</button>}
      userMenu={<a href="/account">Account</a>}
    >
      <h1>Page</h1>
    </AppLayout>
  )
  return renderWithProviders(ui, {
    path: '/overview',
    routes: [{ path: '/tokens', element: ui }],
  })
}

afterEach(() => {
  window.localStorage.clear()
  delete document.documentElement.dataset.theme
})

describe('AppLayout', () => {
  it('folds the navigation behind a menu button that says whether it is open', () => {
    renderLayout()
    const button = screen.getByRole('button', { name: 'Menu' })
    const panel = document.getElementById(button.getAttribute('aria-controls') ?? '')
    expect(panel?.contains(screen.getByRole('navigation', { name: 'Main' }))).toBe(true)
    expect(panel?.contains(screen.getByRole('link', { name: 'Account' }))).toBe(true)
    // The bell stays outside the fold, in view at every width.
    expect(panel?.contains(screen.getByRole('button', { name: 'Bell' }))).toBe(false)
    expect(button.getAttribute('aria-expanded')).toBe('false')
    expect(panel?.hasAttribute('data-open')).toBe(false)
    fireEvent.click(button)
    expect(button.getAttribute('aria-expanded')).toBe('true')
    expect(panel?.hasAttribute('data-open')).toBe(true)
  })

  it('closes on Escape from inside the menu and gives focus back to the button', () => {
    renderLayout()
    const button = screen.getByRole('button', { name: 'Menu' })
    fireEvent.click(button)
    const link = screen.getByRole('link', { name: 'Tokens' })
    link.focus()
    fireEvent.keyDown(link, { key: 'Escape' })
    expect(button.getAttribute('aria-expanded')).toBe('false')
    expect(document.activeElement).toBe(button)
  })

  it('leaves Escape alone when focus is elsewhere, such as in a dialog', () => {
    renderLayout()
    const button = screen.getByRole('button', { name: 'Menu' })
    fireEvent.click(button)
    const outside = screen.getByRole('button', { name: 'Bell' })
    outside.focus()
    fireEvent.keyDown(outside, { key: 'Escape' })
    expect(button.getAttribute('aria-expanded')).toBe('true')
  })

  it('closes when a link leads to another page', async () => {
    const { router } = renderLayout()
    const button = screen.getByRole('button', { name: 'Menu' })
    fireEvent.click(button)
    await act(() => router.navigate('/tokens'))
    expect(screen.getByRole('button', { name: 'Menu' }).getAttribute('aria-expanded')).toBe('false')
  })

  it('offers light, dark and system themes, applies the choice and remembers it', () => {
    renderLayout()
    const toggle = screen.getByRole('button', { name: 'Theme: System' })
    fireEvent.click(toggle)
    expect(toggle.getAttribute('aria-expanded')).toBe('true')
    fireEvent.click(screen.getByRole('radio', { name: 'Dark' }))
    expect(document.documentElement.dataset.theme).toBe('dark')
    expect(window.localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark')
    expect(screen.getByRole('button', { name: 'Theme: Dark' })).toBe(toggle)
    // Escape closes the theme panel only; the menu around it (if open) stays as it was.
    const radio = screen.getByRole('radio', { name: 'Dark' })
    radio.focus()
    fireEvent.keyDown(radio, { key: 'Escape' })
    expect(toggle.getAttribute('aria-expanded')).toBe('false')
    expect(document.activeElement).toBe(toggle)
  })
})
