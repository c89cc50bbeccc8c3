import { useEffect, useState } from 'react'
import { Link, useLocation, useNavigate } from 'react-router-dom'
import { AuthLayout } from '@/components/layouts/auth-layout'
import { Alert } from '@/components/ui/alert'
import { Loading } from '@/components/ui/loading'
import { PageHeader } from '@/components/ui/page-header'
import { paths } from '@/config/paths'
import { useInvite } from '@/features/auth/api/get-invite'
import { AcceptInviteForm } from '@/features/auth/components/accept-invite-form'
import { isApiError } from '@/lib/api-client'
import { formatError } from '@/lib/format-error'

const tokenFromHash = (hash: string) => hash.replace(/^#/, '').trim()

/** Opened from an invite link: the token is in the fragment, so it never reaches a server log. */
export function InviteRoute() {
  const location = useLocation()
  const navigate = useNavigate()
  const [token, setToken] = useState(() => tokenFromHash(location.hash))
  const invite = useInvite(token)

  useEffect(() => {
    const fromHash = tokenFromHash(location.hash)
    if (!fromHash) return
    setToken(fromHash)
    // Out of history, bookmarks and anything that reads the URL later.
    navigate({ pathname: location.pathname, search: location.search }, { replace: true })
  }, [location.hash, location.pathname, location.search, navigate])

  return (
    <AuthLayout>
      <PageHeader title="Join Token Desk" description="Choose your password to finish." />
      {!token ? (
        <Alert tone="warning" title="This page needs your invite link">
          <p>
            Open the exact link an admin sent you, including everything after the <code>#</code>.
          </p>
        </Alert>
      ) : invite.isPending ? (
        <Loading label="Checking your invite…" />
      ) : invite.isError ? (
        <Alert tone="error" title="This invite cannot be used">
          <p>{formatError(invite.error)}</p>
          {isApiError(invite.error, 'invite_used') ? (
            <p>
              <Link to={paths.login.getHref()}>Sign in</Link>
            </p>
          ) : null}
        </Alert>
      ) : (
        <AcceptInviteForm
          token={token}
          invite={invite.data}
          onSuccess={() => navigate(paths.home.getHref(), { replace: true })}
        />
      )}
    </AuthLayout>
  )
}
