import type { ReactNode } from 'react'
import { MAIN_CONTENT_ID, SkipLink } from './skip-link'

/** Centered single-card layout for signed-out pages (sign-in, first-run setup). */
export function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="auth-shell">
      <SkipLink />
      <header className="auth-header">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Token Desk
        </span>
      </header>
      <main id={MAIN_CONTENT_ID} className="auth-main" tabIndex={-1}>
        <div className="card auth-card">{children}</div>
      </main>
    </div>
  )
}
