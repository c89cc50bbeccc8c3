import type { User } from '@tokendesk/shared/schemas/user'
import { NavLink } from 'react-router-dom'
import { useToast } from '@/components/ui/use-toast'
import { paths } from '@/config/paths'
import { formatError } from '@/lib/format-error'
import { hardNavigate } from '@/lib/hard-navigate'
import { useLogout } from '../api/logout'

type UserMenuProps = { user: User }

export function UserMenu({ user }: UserMenuProps) {
  // A full page load drops every cached query (and, later, any revealed token) from memory, and
  // the guard never gets to remember this page as the place to return to after the next sign-in.
  const logout = useLogout({ onSuccess: () => hardNavigate(paths.login.getHref()) })
  const toast = useToast()

  const handleLogout = () => {
    logout.mutate(undefined, {
      onError: (error) => toast.notify(`Could not sign out: ${formatError(error)}`, 'error'),
    })
  }

  return (
    <section className="user-menu" aria-label="Your account">
      <div className="user-identity">
        <span className="user-name">{user.name}</span>
        <span className="user-email">{user.email}</span>
      </div>
      <NavLink to={paths.account.getHref()} className="nav-link">
        Account
      </NavLink>
      <button
        type="button"
        className="button button-secondary button-small"
        onClick={handleLogout}
        disabled={logout.isPending}
      >
        Log out
      </button>
    </section>
  )
}
