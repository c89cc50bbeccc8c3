import { Link } from 'react-router-dom'
import { PageHeader } from '@/components/ui/page-header'
import { paths } from '@/config/paths'

export function NotFoundRoute() {
  return (
    <>
      <PageHeader
        title="Page not found"
        description="There is nothing here, or you cannot see it."
      />
      <p>
        <Link to={paths.home.getHref()}>Go to the overview</Link>
      </p>
    </>
  )
}
