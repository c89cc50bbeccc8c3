import type { AddonView } from '@tokendesk/shared/schemas/installation'
import { Link } from 'react-router-dom'
import { ScopeList } from '@/components/ui/scope-list'
import { paths } from '@/config/paths'
import { installTargets } from './install-targets'

export function AddonsTable({ addons }: { addons: AddonView[] }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Your add-ons</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Key</th>
            <th scope="col">Scopes</th>
            <th scope="col">Installs</th>
            <th scope="col">Active installations</th>
          </tr>
        </thead>
        <tbody>
          {addons.map((addon) => (
            <tr key={addon.id}>
              <th scope="row" className="cell-strong">
                <Link to={paths.addonDetail.getHref(addon.id)}>{addon.name}</Link>
              </th>
              <td>
                <code>{addon.key}</code>
              </td>
              <td>
                <ScopeList scopes={addon.scopes} />
              </td>
              <td>{installTargets(addon)}</td>
              <td>{addon.installationCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
