import { PageHeader } from '@/components/ui/page-header'
import { useCurrentUser } from '@/features/auth/api/get-me'
import { OverviewDashboard } from '@/features/overview/components/overview-dashboard'

export function OverviewRoute() {
  const user = useCurrentUser()
  return (
    <>
      <PageHeader
        title="Overview"
        description={
          user.role === 'admin'
            ? 'Will anything break soon? Expiries, refresh health and activity across everyone’s tokens.'
            : 'Will anything break soon? Expiries, refresh health and activity for your tokens and those shared with you.'
        }
      />
      <OverviewDashboard />
    </>
  )
}
