import { Navigate, useLocation, useNavigate } from 'react-router-dom'
import { AuthLayout } from '@/components/layouts/auth-layout'
import { Loading } from '@/components/ui/loading'
import { PageHeader } from '@/components/ui/page-header'
import { safeReturnPath } from '@/config/paths'
import { useMe } from '@/features/auth/api/get-me'
import { useSetupStatus } from '@/features/auth/api/get-setup-status'
import { LoginForm } from '@/features/auth/components/login-form'
import type { LoginRedirectState } from '@/features/auth/components/require-auth'
import { SetupNeededNotice } from '@/features/auth/components/setup-needed-notice'

export function LoginRoute() {
  const me = useMe()
  const setupStatus = useSetupStatus()
  const location = useLocation()
  const navigate = useNavigate()
  const returnTo = safeReturnPath((location.state as LoginRedirectState | null)?.from)

  if (me.data) return <Navigate to={returnTo} replace />

  const checking = me.isPending || setupStatus.isPending
  return (
    <AuthLayout>
      <PageHeader title="Sign in" description="Use the email and password an admin gave you." />
      {checking ? (
        <Loading />
      ) : setupStatus.data?.needed ? (
        <SetupNeededNotice />
      ) : (
        <LoginForm onSuccess={() => navigate(returnTo, { replace: true })} />
      )}
    </AuthLayout>
  )
}
