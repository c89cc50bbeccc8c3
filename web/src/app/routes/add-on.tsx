import { Link, useParams } from 'react-router-dom'
import { Loading } from '@/components/ui/loading'
import { PageHeader } from '@/components/ui/page-header'
import { QueryError } from '@/components/ui/query-error'
import { paths } from '@/config/paths'
import { useAddon } from '@/features/addons/api/get-addon'
import { AddonDetails, HowToInstall } from '@/features/addons/components/addon-details'
import { InstallationsList } from '@/features/installations/components/installations-list'
import { isApiError } from '@/lib/api-client'
import { NotFoundRoute } from './not-found'

const back = <Link to={paths.addons.getHref()}>All add-ons</Link>

export function AddonRoute() {
  const { id = '' } = useParams()
  const addon = useAddon(id)

  if (isApiError(addon.error, 'not_found')) return <NotFoundRoute />
  if (!addon.data) {
    return (
      <>
        <PageHeader title="Add-on" actions={back} />
        {addon.isError ? (
          <QueryError
            title="Could not load the add-on"
            error={addon.error}
            onRetry={() => addon.refetch()}
          />
        ) : (
          <Loading label="Loading the add-on…" lines={3} />
        )}
      </>
    )
  }
  return (
    <>
      <PageHeader
        title={addon.data.name}
        description={addon.data.description || undefined}
        actions={back}
      />
      <section className="card" aria-labelledby="install-heading">
        <h2 id="install-heading">Install it</h2>
        <AddonDetails addon={addon.data} />
        <div className="subsection">
          <h3>How to install</h3>
          <HowToInstall />
        </div>
      </section>
      <section className="card" aria-labelledby="addon-installations-heading">
        <h2 id="addon-installations-heading">Installations</h2>
        <InstallationsList
          addonId={addon.data.id}
          emptyTitle="Not installed anywhere yet"
          emptyHint="Follow the steps above; the installation appears here once the provider calls back."
        />
      </section>
    </>
  )
}
