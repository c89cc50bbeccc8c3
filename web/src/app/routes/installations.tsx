import { useNavigate } from 'react-router-dom'
import { PageHeader } from '@/components/ui/page-header'
import { paths } from '@/config/paths'
import { InstallationsList } from '@/features/installations/components/installations-list'
import { RegisterInstallationForm } from '@/features/installations/components/register-installation-form'

export function InstallationsRoute() {
  const navigate = useNavigate()
  return (
    <>
      <PageHeader
        title="Installations"
        description="Add-on installations and the client credentials Token Desk holds for them."
      />
      <section className="card" aria-labelledby="installations-heading">
        <h2 id="installations-heading">Your installations</h2>
        <InstallationsList />
      </section>
      <section className="card" aria-labelledby="register-heading">
        <h2 id="register-heading">Register manually</h2>
        <p className="muted">
          For an add-on installed somewhere Token Desk’s callback cannot be reached: enter the
          credentials the provider gave it. They are checked with the provider before anything is
          stored.
        </p>
        <RegisterInstallationForm
          onRegistered={(installation) =>
            navigate(paths.installationDetail.getHref(installation.id))
          }
        />
      </section>
    </>
  )
}
