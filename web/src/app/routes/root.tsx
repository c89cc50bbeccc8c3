import { Outlet, useLocation } from 'react-router-dom'
import { ErrorBoundary } from '@/components/error-boundary'

/** The one error boundary around every page; navigating elsewhere clears it. */
export function RootRoute() {
  const location = useLocation()
  return (
    <ErrorBoundary resetKey={location.pathname}>
      <Outlet />
    </ErrorBoundary>
  )
}
