import type { Overview } from '@tokendesk/shared/schemas/overview'
import { Link } from 'react-router-dom'
import { EmptyState } from '@/components/ui/empty-state'
import { paths } from '@/config/paths'
import { ChartSlot } from './chart-slot'
import { ExpiryTable } from './expiry-table'
import { TimelineChart } from './lazy-charts'
import { TimelineLegend } from './timeline-legend'

const HELP_ID = 'timeline-help'

type ExpirySectionProps = Pick<Overview, 'now' | 'timeline' | 'timelineTruncated' | 'thresholds'>

/** What expires in the next 90 days: the timeline chart, then the same tokens as a table. */
export function ExpirySection({
  now,
  timeline,
  timelineTruncated,
  thresholds,
}: ExpirySectionProps) {
  return (
    <section className="card overview-section" aria-labelledby="overview-expiry">
      <div className="overview-section-head">
        <h2 id="overview-expiry">Expiring in the next 90 days</h2>
        <Link to={paths.tokens.getHref()}>All tokens by expiry</Link>
      </div>
      {timeline.length === 0 ? (
        <EmptyState title="Nothing expires in the next 90 days" />
      ) : (
        <>
          <figure className="timeline" aria-label="Expiry timeline">
            <figcaption className="timeline-caption">
              <TimelineLegend alertDays={thresholds.alertDays} />
              <p id={HELP_ID} className="muted">
                Each mark is a token, on the row of its kind. Hover or focus a mark to see the
                token, click it or press Enter to open it. In the chart, arrow keys move between
                tokens: left and right by date, up and down between kinds.
              </p>
            </figcaption>
            <ChartSlot name="expiry timeline">
              <TimelineChart
                items={timeline}
                now={now}
                alertDays={thresholds.alertDays}
                describedBy={HELP_ID}
              />
            </ChartSlot>
          </figure>
          {timelineTruncated ? (
            <p className="muted">
              Showing the {timeline.length} soonest expiries.{' '}
              <Link to={paths.tokens.getHref()}>See every token by expiry</Link>.
            </p>
          ) : null}
          <ExpiryTable items={timeline} />
        </>
      )}
    </section>
  )
}
