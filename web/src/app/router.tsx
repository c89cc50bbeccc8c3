import { lazy, useMemo } from 'react'
import { createBrowserRouter, Navigate, type RouteObject, RouterProvider } from 'react-router-dom'
import { paths } from '@/config/paths'
import { authPaths } from '@/features/auth/auth-paths'
import { AppRoot } from './routes/app-root'
import { NotFoundRoute } from './routes/not-found'
import { RootRoute } from './routes/root'

// Every page is its own chunk; RootRoute and AppRoot wrap the outlet in <Suspense> with an
// accessible loading fallback. Add a page as `const XRoute = lazy(() => import(...))`.
const AccountRoute = lazy(() =>
  import('./routes/account').then((m) => ({ default: m.AccountRoute })),
)
const LoginRoute = lazy(() => import('./routes/login').then((m) => ({ default: m.LoginRoute })))
const OverviewRoute = lazy(() =>
  import('./routes/overview').then((m) => ({ default: m.OverviewRoute })),
)
const PeopleRoute = lazy(() => import('./routes/people').then((m) => ({ default: m.PeopleRoute })))
const SetupRoute = lazy(() => import('./routes/setup').then((m) => ({ default: m.SetupRoute })))
const TokensRoute = lazy(() => import('./routes/tokens').then((m) => ({ default: m.TokensRoute })))
const TokenDetailRoute = lazy(() =>
  import('./routes/token-detail').then((m) => ({ default: m.TokenDetailRoute })),
)
const AuditRoute = lazy(() => import('./routes/audit').then((m) => ({ default: m.AuditRoute })))
const BotKeysRoute = lazy(() =>
  import('./routes/bot-keys').then((m) => ({ default: m.BotKeysRoute })),
)
const BotKeyDocsRoute = lazy(() =>
  import('./routes/bot-key-docs').then((m) => ({ default: m.BotKeyDocsRoute })),
)
const AddonsRoute = lazy(() => import('./routes/add-ons').then((m) => ({ default: m.AddonsRoute })))
const AddonRoute = lazy(() => import('./routes/add-on').then((m) => ({ default: m.AddonRoute })))
const InstallationsRoute = lazy(() =>
  import('./routes/installations').then((m) => ({ default: m.InstallationsRoute })),
)
const InstallationRoute = lazy(() =>
  import('./routes/installation').then((m) => ({ default: m.InstallationRoute })),
)
const ProvidersRoute = lazy(() =>
  import('./routes/providers').then((m) => ({ default: m.ProvidersRoute })),
)
const InviteRoute = lazy(() => import('./routes/invite').then((m) => ({ default: m.InviteRoute })))
const ChangePasswordRoute = lazy(() =>
  import('./routes/change-password').then((m) => ({ default: m.ChangePasswordRoute })),
)
const AlertSettingsRoute = lazy(() =>
  import('./routes/alert-settings').then((m) => ({ default: m.AlertSettingsRoute })),
)

export const routes: RouteObject[] = [
  {
    element: <RootRoute />,
    children: [
      { path: paths.login.path, element: <LoginRoute /> },
      { path: paths.setup.path, element: <SetupRoute /> },
      { path: authPaths.invite.path, element: <InviteRoute /> },
      { path: authPaths.changePassword.path, element: <ChangePasswordRoute /> },
      {
        element: <AppRoot />,
        children: [
          { index: true, element: <Navigate to={paths.overview.getHref()} replace /> },
          { path: paths.overview.path, element: <OverviewRoute /> },
          { path: paths.tokens.path, element: <TokensRoute /> },
          { path: paths.tokenDetail.path, element: <TokenDetailRoute /> },
          { path: paths.installations.path, element: <InstallationsRoute /> },
          { path: paths.installationDetail.path, element: <InstallationRoute /> },
          { path: paths.addons.path, element: <AddonsRoute /> },
          { path: paths.addonDetail.path, element: <AddonRoute /> },
          { path: paths.providers.path, element: <ProvidersRoute /> },
          { path: paths.alertSettings.path, element: <AlertSettingsRoute /> },
          { path: paths.botKeys.path, element: <BotKeysRoute /> },
          { path: paths.botKeyDocs.path, element: <BotKeyDocsRoute /> },
          { path: paths.audit.path, element: <AuditRoute /> },
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
