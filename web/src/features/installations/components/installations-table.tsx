import type { InstallationView } from '@tokendesk/shared/schemas/installation'
import { Link } from 'react-router-dom'
import { RelativeTime } from '@/components/ui/relative-time'
import { paths } from '@/config/paths'
import { InstallationStatus, installationName, roomText } from './installation-status'

type InstallationsTableProps = { installations: InstallationView[]; caption: string }

export function InstallationsTable({ installations, caption }: InstallationsTableProps) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Add-on</th>
            <th scope="col">Group</th>
            <th scope="col">Room</th>
            <th scope="col">Status</th>
            <th scope="col">Tokens</th>
            <th scope="col">Installed</th>
          </tr>
        </thead>
        <tbody>
          {installations.map((installation) => (
            <tr key={installation.id}>
              <th scope="row" className="cell-strong">
                <Link to={paths.installationDetail.getHref(installation.id)}>
                  {installationName(installation)}
                </Link>
              </th>
              <td>{installation.groupName ?? <span className="muted">Unknown</span>}</td>
              <td>{roomText(installation)}</td>
              <td>
                <InstallationStatus status={installation.status} />
              </td>
              <td>{installation.tokenCount}</td>
              <td>
                <RelativeTime date={installation.installedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
