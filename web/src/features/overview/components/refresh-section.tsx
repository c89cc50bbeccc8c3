import type { Overview } from '@tokendesk/shared/schemas/overview'
import { plural } from '@/lib/plural'
import type { RefreshHour } from '../api/get-overview'
import { ChartSlot } from './chart-slot'
import { FailingList } from './failing-list'
import { RefreshChart } from './lazy-charts'
import { REFRESH_SERIES } from './refresh-series'
import { RefreshTable } from './refresh-table'

type RefreshSectionProps = Pick<Overview, 'refreshHealth' | 'failing'>

function summarise(hours: RefreshHour[]) {
  const sum = (key: 'succeeded' | 'failed' | 'retried') => hours.reduce((n, h) => n + h[key], 0)
  const [succeeded, failed, retried] = [sum('succeeded'), sum('failed'), sum('retried')]
  if (succeeded + failed === 0) return 'No refreshes in the last 24 hours.'
  return `Last 24 hours: ${plural(succeeded, 'refresh', 'refreshes')} succeeded (${retried} after retrying), ${failed} failed.`
}

/** Is the refresher keeping up? Refreshes per hour, then the tokens failing to refresh now. */
export function RefreshSection({ refreshHealth, failing }: RefreshSectionProps) {
  const summary = summarise(refreshHealth)
  return (
    <section className="card overview-section" aria-labelledby="overview-refresh">
      <h2 id="overview-refresh">Refresh health</h2>
      <figure className="refresh-figure" aria-label="Refreshes per hour">
        <figcaption>
          <p>{summary}</p>
          <ul className="legend-list" aria-label="Bar colours">
            {REFRESH_SERIES.map((series) => (
              <li key={series.key}>
                <span className={`swatch swatch-${series.key}`} aria-hidden="true" />
                {series.name}
              </li>
            ))}
          </ul>
        </figcaption>
        <ChartSlot name="refresh chart">
          <RefreshChart hours={refreshHealth} summary={`Refreshes per hour. ${summary}`} />
        </ChartSlot>
        <RefreshTable hours={refreshHealth} />
      </figure>
      <FailingList failing={failing} />
    </section>
  )
}
