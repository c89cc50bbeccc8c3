import { useMemo } from 'react'
import { createBrowserRouter, Navigate, type RouteObject, RouterProvider } from 'react-router-dom'
import { paths } from '@/config/paths'
import { AccountRoute } from './routes/account'
import { AppRoot } from './routes/app-root'
import { ComingSoonRoute } from './routes/coming-soon'
import { LoginRoute } from './routes/login'
import { NotFoundRoute } from './routes/not-found'
import { PeopleRoute } from './routes/people'
import { RootRoute } from './routes/root'
import { SetupRoute } from './routes/setup'

export const routes: RouteObject[] = [
  {
    element: <RootRoute />,
    children: [
      { path: paths.login.path, element: <LoginRoute /> },
      { path: paths.setup.path, element: <SetupRoute /> },
      {
        element: <AppRoot />,
        children: [
          { index: true, element: <Navigate to={paths.tokens.getHref()} replace /> },
          { path: paths.tokens.path, element: <ComingSoonRoute section="tokens" /> },
          { path: paths.installations.path, element: <ComingSoonRoute section="installations" /> },
          { path: paths.addons.path, element: <ComingSoonRoute section="addons" /> },
          { path: paths.botKeys.path, element: <ComingSoonRoute section="botKeys" /> },
          { path: paths.audit.path, element: <ComingSoonRoute section="audit" /> },
          { path: paths.people.path, element: <PeopleRoute /> },
          { path: paths.account.path, element: <AccountRoute /> },
          { path: '*', element: <NotFoundRoute /> },
        ],
      },
    ],
  },
]

export function AppRouter() {
  const router = useMemo(() => createBrowserRouter(routes), [])
  return <RouterProvider router={router} />
}
