import { Link, useParams } from 'react-router-dom'
import { Loading } from '@/components/ui/loading'
import { PageHeader } from '@/components/ui/page-header'
import { QueryError } from '@/components/ui/query-error'
import { paths } from '@/config/paths'
import { useInstallation } from '@/features/installations/api/get-installation'
import { InstallationDetail } from '@/features/installations/components/installation-detail'
import { installationName, roomText } from '@/features/installations/components/installation-status'
import { isApiError } from '@/lib/api-client'
import { NotFoundRoute } from './not-found'

const back = <Link to={paths.installations.getHref()}>All installations</Link>

export function InstallationRoute() {
  const { id = '' } = useParams()
  const installation = useInstallation(id)

  if (isApiError(installation.error, 'not_found')) return <NotFoundRoute />
  if (!installation.data) {
    return (
      <>
        <PageHeader title="Installation" actions={back} />
        {installation.isError ? (
          <QueryError
            title="Could not load the installation"
            error={installation.error}
            onRetry={() => installation.refetch()}
          />
        ) : (
          <Loading label="Loading the installation…" lines={3} />
        )}
      </>
    )
  }
  const { data } = installation
  return (
    <>
      <PageHeader
        title={installationName(data)}
        description={`${data.groupName ?? 'Unknown group'} · ${roomText(data)}`}
        actions={back}
      />
      <InstallationDetail installation={data} />
    </>
  )
}
