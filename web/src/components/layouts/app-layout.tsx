import type { ReactNode } from 'react'
import { Link, NavLink } from 'react-router-dom'
import { paths } from '@/config/paths'
import { MAIN_CONTENT_ID, SkipLink } from './skip-link'

export type NavItem = { to: string; label: string }

type AppLayoutProps = {
  navItems: NavItem[]
  userMenu: ReactNode
  children: ReactNode
}

export function AppLayout({ navItems, userMenu, children }: AppLayoutProps) {
  return (
    <div className="app-shell">
      <SkipLink />
      <header className="app-header">
        <div className="app-header-inner">
          <Link to={paths.home.getHref()} className="brand">
            <span className="brand-mark" aria-hidden="true" />
            Token Desk
          </Link>
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
          {userMenu}
        </div>
      </header>
      <main id={MAIN_CONTENT_ID} className="app-main" tabIndex={-1}>
        {children}
      </main>
    </div>
  )
}
