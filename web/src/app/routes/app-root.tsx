import type { User } from '@tokendesk/shared/schemas/user'
import { Suspense } from 'react'
import { Outlet } from 'react-router-dom'
import { AppLayout, type NavItem } from '@/components/layouts/app-layout'
import { PageLoading } from '@/components/ui/page-loading'
import { paths } from '@/config/paths'
import { RequireAuth } from '@/features/auth/components/require-auth'
import { UserMenu } from '@/features/auth/components/user-menu'
import { NotificationBell } from '@/features/notifications/components/notification-bell'

function navItemsFor(user: User): NavItem[] {
  const items: NavItem[] = [
    { to: paths.overview.getHref(), label: 'Overview' },
    { to: paths.tokens.getHref(), label: 'Tokens' },
    { to: paths.installations.getHref(), label: 'Installations' },
    { to: paths.addons.getHref(), label: 'Add-ons' },
    { to: paths.providers.getHref(), label: 'Providers' },
    { to: paths.botKeys.getHref(), label: 'Bot keys' },
    { to: paths.alertSettings.getHref(), label: 'Alerts' },
    { to: paths.audit.getHref(), label: 'Audit' },
  ]
  if (user.role === 'admin') items.push({ to: paths.people.getHref(), label: 'People' })
  return items
}

/** Signed-in pages: the guard, then the shell with navigation and the user menu. */
export function AppRoot() {
  return (
    <RequireAuth>
      {(user) => (
        <AppLayout
          navItems={navItemsFor(user)}
          actions={<NotificationBell />}
          userMenu={<UserMenu user={user} />}
        >
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </AppLayout>
      )}
    </RequireAuth>
  )
}
