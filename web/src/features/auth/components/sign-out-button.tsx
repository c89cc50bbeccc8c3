import { useToast } from '@/components/ui/use-toast'
import { paths } from '@/config/paths'
import { formatError } from '@/lib/format-error'
import { hardNavigate } from '@/lib/hard-navigate'
import { useLogout } from '../api/logout'

/** Signs out with a full page load, which drops every cached query from memory. */
export function SignOutButton() {
  const logout = useLogout({ onSuccess: () => hardNavigate(paths.login.getHref()) })
  const toast = useToast()
  return (
    <button
      type="button"
      className="button button-secondary"
      disabled={logout.isPending}
      onClick={() =>
        logout.mutate(undefined, {
          onError: (error) => toast.notify(`Could not sign out: ${formatError(error)}`, 'error'),
        })
      }
    >
      Log out
    </button>
  )
}
