import { useEffect, useState } from 'react'
import { Link, useLocation, useNavigate } from 'react-router-dom'
import { AuthLayout } from '@/components/layouts/auth-layout'
import { Alert } from '@/components/ui/alert'
import { Loading } from '@/components/ui/loading'
import { PageHeader } from '@/components/ui/page-header'
import { paths } from '@/config/paths'
import { useSetupStatus } from '@/features/auth/api/get-setup-status'
import { SetupForm } from '@/features/auth/components/setup-form'

function tokenFromHash(hash: string) {
  return hash.replace(/^#/, '').trim()
}

export function SetupRoute() {
  const location = useLocation()
  const navigate = useNavigate()
  const [setupToken, setSetupToken] = useState(() => tokenFromHash(location.hash))
  const setupStatus = useSetupStatus()

  useEffect(() => {
    const token = tokenFromHash(location.hash)
    if (!token) return
    setSetupToken(token)
    // Keep the one-time token out of history, bookmarks and anything that reads the URL later;
    // a replace navigation is history.replaceState that the router also knows about.
    navigate({ pathname: location.pathname, search: location.search }, { replace: true })
  }, [location.hash, location.pathname, location.search, navigate])

  return (
    <AuthLayout>
      <PageHeader title="Set up Token Desk" description="Create the first admin account." />
      {setupStatus.isPending ? (
        <Loading />
      ) : setupStatus.data?.needed === false ? (
        <Alert tone="info" title="Setup is already complete">
          An admin account exists. <Link to={paths.login.getHref()}>Sign in</Link> instead.
        </Alert>
      ) : setupToken ? (
        <SetupForm
          setupToken={setupToken}
          onSuccess={() => navigate(paths.home.getHref(), { replace: true })}
        />
      ) : (
        <Alert tone="warning" title="This page needs the setup link">
          <p>
            When Token Desk starts without any accounts, the server prints a one-time setup URL in
            its log. It ends with <code>/setup#</code> followed by a long token.
          </p>
          <p>Open that exact URL (including everything after the #) to create the first admin.</p>
        </Alert>
      )}
    </AuthLayout>
  )
}
