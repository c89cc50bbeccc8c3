import type { RefreshHour } from '../api/get-overview'
import { hourWords } from './date-words'

/** The refresh chart's numbers, folded away under the chart. */
export function RefreshTable({ hours }: { hours: RefreshHour[] }) {
  return (
    <details className="refresh-details">
      <summary>Refreshes per hour as a table</summary>
      <div className="table-wrap">
        <table className="table table-compact">
          <caption className="visually-hidden">Refreshes per hour, last 24 hours</caption>
          <thead>
            <tr>
              <th scope="col">Hour starting</th>
              <th scope="col">Succeeded</th>
              <th scope="col">Failed</th>
              <th scope="col">After retrying</th>
            </tr>
          </thead>
          <tbody>
            {hours.map((h) => (
              <tr key={h.hour}>
                <th scope="row">
                  <time dateTime={h.hour}>{hourWords(Date.parse(h.hour))}</time>
                </th>
                <td>{h.succeeded}</td>
                <td>{h.failed}</td>
                <td>{h.retried}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  )
}
