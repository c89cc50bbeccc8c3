import { usePrefetchQuery } from '@tanstack/react-query'
import { Loading } from '@/components/ui/loading'
import { QueryError } from '@/components/ui/query-error'
import { overviewQueryOptions, useFreshOverviewOnReturn, useOverview } from '../api/get-overview'
import { ExpirySection } from './expiry-section'
import { FailingProviders } from './failing-providers'
import { GettingStarted } from './getting-started'
import { preloadCharts } from './lazy-charts'
import { RecentActivity } from './recent-activity'
import { RefreshSection } from './refresh-section'
import { StatusCounters } from './status-counters'

/**
 * "Will anything break soon?" in one request. Counters, lists and tables render from the query at
 * once; only the two charts wait for their (lazily loaded) chart code.
 */
export function OverviewDashboard() {
  // Start the request and the chart code during render: React holds a freshly loaded page back
  // for up to 300 ms (Suspense reveal throttling), and effects would only run after that.
  usePrefetchQuery(overviewQueryOptions())
  preloadCharts()
  const overview = useOverview()
  useFreshOverviewOnReturn()

  if (!overview.data) {
    return overview.isError ? (
      <QueryError
        title="Could not load the overview"
        error={overview.error}
        onRetry={() => overview.refetch()}
      />
    ) : (
      <Loading label="Loading the overview…" lines={4} />
    )
  }
  const data = overview.data
  return (
    <div className="overview">
      <FailingProviders providers={data.failingProviders} now={data.now} />
      {data.gettingStarted ? <GettingStarted steps={data.gettingStarted} /> : null}
      <StatusCounters counts={data.counts} total={data.total} thresholds={data.thresholds} />
      <ExpirySection
        now={data.now}
        timeline={data.timeline}
        timelineTruncated={data.timelineTruncated}
        thresholds={data.thresholds}
      />
      <div className="overview-columns">
        <RefreshSection refreshHealth={data.refreshHealth} failing={data.failing} />
        <RecentActivity events={data.activity} />
      </div>
    </div>
  )
}
