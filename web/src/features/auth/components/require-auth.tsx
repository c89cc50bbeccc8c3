import type { User } from '@tokendesk/shared/schemas/user'
import type { ReactNode } from 'react'
import { Navigate, useLocation } from 'react-router-dom'
import { Loading } from '@/components/ui/loading'
import { QueryError } from '@/components/ui/query-error'
import { paths } from '@/config/paths'
import { useMe } from '../api/get-me'
import { authPaths } from '../auth-paths'

export type LoginRedirectState = { from?: string }

type RequireAuthProps = { children: (user: User) => ReactNode }

/**
 * Renders its children only with a session; otherwise sends the visitor to sign in, or to choose
 * a new password first when an admin set the current one (the server refuses all else till then).
 */
export function RequireAuth({ children }: RequireAuthProps) {
  const me = useMe()
  const location = useLocation()

  if (me.isPending) {
    return (
      <main id="main" className="center-page">
        <Loading label="Checking your session…" />
      </main>
    )
  }
  if (me.isError) {
    return (
      <main id="main" className="center-page">
        <h1 className="visually-hidden">Token Desk</h1>
        <QueryError
          title="Could not load your session"
          error={me.error}
          onRetry={() => me.refetch()}
        />
      </main>
    )
  }
  if (!me.data) {
    // The return path travels in router state, never in the URL, so it cannot be forged by a link.
    const state: LoginRedirectState = {
      from: `${location.pathname}${location.search}${location.hash}`,
    }
    return <Navigate to={paths.login.getHref()} replace state={state} />
  }
  if (me.data.mustChangePassword) {
    const state: LoginRedirectState = { from: `${location.pathname}${location.search}` }
    return <Navigate to={authPaths.changePassword.getHref()} replace state={state} />
  }
  return children(me.data)
}
