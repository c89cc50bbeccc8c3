import type { AddonView } from '@tokendesk/shared/schemas/installation'
import { Link } from 'react-router-dom'
import { CopyableValue } from '@/components/ui/copyable-value'
import { ScopeList } from '@/components/ui/scope-list'
import { paths } from '@/config/paths'
import { installTargets } from './install-targets'

const EMULATOR_ADMIN_URL = 'http://127.0.0.1:4010/admin'

export function AddonDetails({ addon }: { addon: AddonView }) {
  return (
    <div className="stack">
      <dl className="details">
        <div>
          <dt>Key</dt>
          <dd>
            <code>{addon.key}</code>
          </dd>
        </div>
        <div>
          <dt>Installs</dt>
          <dd>{installTargets(addon)}</dd>
        </div>
        <div>
          <dt>Active installations</dt>
          <dd>{addon.installationCount}</dd>
        </div>
        <div className="details-wide">
          <dt>Scopes</dt>
          <dd>
            <ScopeList scopes={addon.scopes} />
          </dd>
        </div>
      </dl>
      <CopyableValue label="Descriptor URL" value={addon.descriptorUrl} />
      <CopyableValue label="Install callback URL" value={addon.callbackUrl} copy={false} />
      <p className="field-hint">
        The provider posts new installations to the callback URL and deletes them there when the
        add-on is uninstalled. It is named inside the descriptor, so you never enter it by hand.
      </p>
    </div>
  )
}

export function HowToInstall() {
  return (
    <ol className="steps">
      <li>Copy the descriptor URL above.</li>
      <li>
        In the provider’s admin, open the page for installing an add-on from a descriptor URL. For
        the bundled HipChat emulator, open <code>{EMULATOR_ADMIN_URL}</code>.
      </li>
      <li>Paste the descriptor URL, choose the group or a room, and select Install.</li>
      <li>
        The provider calls Token Desk back with the add-on’s credentials. The installation then
        appears under <Link to={paths.installations.getHref()}>Installations</Link> and below.
      </li>
    </ol>
  )
}
