import type { User } from '@tokendesk/shared/schemas/user'
import { Outlet } from 'react-router-dom'
import { AppLayout, type NavItem } from '@/components/layouts/app-layout'
import { paths } from '@/config/paths'
import { RequireAuth } from '@/features/auth/components/require-auth'
import { UserMenu } from '@/features/auth/components/user-menu'

function navItemsFor(user: User): NavItem[] {
  const items: NavItem[] = [
    { to: paths.tokens.getHref(), label: 'Tokens' },
    { to: paths.installations.getHref(), label: 'Installations' },
    { to: paths.addons.getHref(), label: 'Add-ons' },
    { to: paths.botKeys.getHref(), label: 'Bot keys' },
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
        <AppLayout navItems={navItemsFor(user)} userMenu={<UserMenu user={user} />}>
          <Outlet />
        </AppLayout>
      )}
    </RequireAuth>
  )
}
