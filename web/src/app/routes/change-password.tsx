import { Navigate, useLocation, useNavigate } from 'react-router-dom'
import { AuthLayout } from '@/components/layouts/auth-layout'
import { Loading } from '@/components/ui/loading'
import { PageHeader } from '@/components/ui/page-header'
import { QueryError } from '@/components/ui/query-error'
import { paths, safeReturnPath } from '@/config/paths'
import { useMe } from '@/features/auth/api/get-me'
import { ChangePasswordForm } from '@/features/auth/components/change-password-form'
import type { LoginRedirectState } from '@/features/auth/components/require-auth'
import { SignOutButton } from '@/features/auth/components/sign-out-button'

/** Where a person lands when an admin chose their password: nothing else opens until it changes. */
export function ChangePasswordRoute() {
  const me = useMe()
  const location = useLocation()
  const navigate = useNavigate()
  const returnTo = safeReturnPath((location.state as LoginRedirectState | null)?.from)

  if (me.isPending) {
    return (
      <AuthLayout>
        <Loading label="Checking your session…" />
      </AuthLayout>
    )
  }
  if (me.isError) {
    return (
      <AuthLayout>
        <QueryError
          title="Could not load your session"
          error={me.error}
          onRetry={() => me.refetch()}
        />
      </AuthLayout>
    )
  }
  if (!me.data) return <Navigate to={paths.login.getHref()} replace />
  if (!me.data.mustChangePassword) return <Navigate to={returnTo} replace />

  return (
    <AuthLayout>
      <PageHeader
        title="Choose your own password"
        description={`An admin set the password for ${me.data.email}. Replace it with one only you know to continue.`}
      />
      <ChangePasswordForm
        currentLabel="Password you were given"
        onChanged={() => navigate(returnTo, { replace: true })}
      />
      <div className="button-row">
        <SignOutButton />
      </div>
    </AuthLayout>
  )
}
