import { Link } from 'react-router-dom'
import { PageHeader } from '@/components/ui/page-header'
import { paths } from '@/config/paths'
import { useCurrentUser } from '@/features/auth/api/get-me'
import { ChangePasswordForm } from '@/features/auth/components/change-password-form'
import { ProfileSummary } from '@/features/auth/components/profile-summary'

export function AccountRoute() {
  const user = useCurrentUser()
  return (
    <>
      <PageHeader title="Account" description="Your profile and sign-in settings." />
      <section className="card" aria-labelledby="profile-heading">
        <h2 id="profile-heading">Profile</h2>
        <ProfileSummary user={user} />
      </section>
      <section className="card" aria-labelledby="password-heading">
        <h2 id="password-heading">Change password</h2>
        <p className="muted">Changing your password signs out your other sessions.</p>
        <ChangePasswordForm />
      </section>
      <section className="card" aria-labelledby="alerts-heading">
        <h2 id="alerts-heading">Alerts</h2>
        <p>
          Choose how many days before expiry you are alerted, and add webhooks that receive every
          alert: <Link to={paths.alertSettings.getHref()}>Alert settings</Link>.
        </p>
      </section>
    </>
  )
}
