import { type ReactNode, useEffect, useId, useRef, useState } from 'react'
import { Link, NavLink, useLocation } from 'react-router-dom'
import { paths } from '@/config/paths'
import { MAIN_CONTENT_ID, SkipLink } from './skip-link'
import { ThemePicker } from './theme-picker'
import { useScrollableTables } from './use-scrollable-tables'

export type NavItem = { to: string; label: string }

type AppLayoutProps = {
  navItems: NavItem[]
  /** Always in view, even when the menu is folded (e.g. the notification bell). */
  actions?: ReactNode
  /** The signed-in person's links; folded into the menu at narrow widths. */
  userMenu: ReactNode
  children: ReactNode
}

export function AppLayout({ navItems, actions, userMenu, children }: AppLayoutProps) {
  const menu = useFoldingMenu()
  const mainRef = useRef<HTMLElement>(null)
  useScrollableTables(mainRef)
  return (
    <div className="app-shell">
      <SkipLink />
      <header className="app-header">
        <div className="app-header-inner">
          <Link to={paths.home.getHref()} className="brand">
            <span className="brand-mark" aria-hidden="true" />
            Token Desk
          </Link>
          <button
            ref={menu.buttonRef}
            type="button"
            className="button button-secondary button-small menu-button"
            aria-expanded={menu.open}
            aria-controls={menu.panelId}
            onClick={menu.toggle}
          >
            <MenuIcon open={menu.open} />
            Menu
          </button>
          <div
            ref={menu.panelRef}
            id={menu.panelId}
            className="app-menu"
            data-open={menu.open || undefined}
          >
            <nav aria-label="Main" className="main-nav">
              <ul>
                {navItems.map((item) => (
                  <li key={item.to}>
                    <NavLink to={item.to} className="nav-link">
                      {item.label}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </nav>
            <div className="app-menu-end">
              <ThemePicker />
              {userMenu}
            </div>
          </div>
          {actions ? <div className="header-always">{actions}</div> : null}
        </div>
      </header>
      <main ref={mainRef} id={MAIN_CONTENT_ID} className="app-main" tabIndex={-1}>
        {children}
      </main>
    </div>
  )
}

/**
 * The disclosure behind the narrow-screen menu button (wider screens show the panel inline and
 * hide the button): Escape closes it and returns focus to the button; navigating closes it.
 */
function useFoldingMenu() {
  const [open, setOpen] = useState(false)
  const panelId = useId()
  const buttonRef = useRef<HTMLButtonElement>(null)
  const panelRef = useRef<HTMLDivElement>(null)
  const { pathname } = useLocation()

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new page closes the menu
  useEffect(() => setOpen(false), [pathname])

  useEffect(() => {
    if (!open) return
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return
      const active = document.activeElement
      // Only when the menu has focus (or nothing has): Escape in a dialog is the dialog's.
      const inMenu = active === buttonRef.current || panelRef.current?.contains(active)
      if (active && active !== document.body && !inMenu) return
      setOpen(false)
      buttonRef.current?.focus()
    }
    document.addEventListener('keydown', closeOnEscape)
    return () => document.removeEventListener('keydown', closeOnEscape)
  }, [open])

  return { open, panelId, buttonRef, panelRef, toggle: () => setOpen((value) => !value) }
}

function MenuIcon({ open }: { open: boolean }) {
  return (
    <svg className="menu-icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      {open ? (
        <path d="M5 5l10 10M15 5L5 15" stroke="currentColor" strokeWidth="2" fill="none" />
      ) : (
        <path d="M3 5h14M3 10h14M3 15h14" stroke="currentColor" strokeWidth="2" fill="none" />
      )}
    </svg>
  )
}
