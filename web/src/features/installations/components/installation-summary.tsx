import type { InstallationView } from '@tokendesk/shared/schemas/installation'
import { Link } from 'react-router-dom'
import { Alert } from '@/components/ui/alert'
import { RelativeTime } from '@/components/ui/relative-time'
import { ScopeList } from '@/components/ui/scope-list'
import { paths } from '@/config/paths'
import { InstallationStatus, roomText } from './installation-status'

const SOURCE_LABELS: Record<InstallationView['source'], string> = {
  callback: 'Installed by the provider (install callback)',
  manual: 'Registered by hand',
}

export function InstallationSummary({ installation }: { installation: InstallationView }) {
  const { addonId, addonName } = installation
  return (
    <div className="stack">
      {installation.status === 'removed' ? (
        <Alert tone="info" title="This installation was removed">
          Its secret was wiped and its tokens revoked. It can no longer mint tokens.
        </Alert>
      ) : null}
      {installation.lastError ? (
        <Alert tone="warning" title="Last error">
          {installation.lastError}
        </Alert>
      ) : null}
      <dl className="details">
        <div>
          <dt>Status</dt>
          <dd>
            <InstallationStatus status={installation.status} />
          </dd>
        </div>
        <div>
          <dt>Add-on</dt>
          <dd>
            {addonId && addonName ? (
              <Link to={paths.addonDetail.getHref(addonId)}>{addonName}</Link>
            ) : (
              <span className="muted">None (registered by hand)</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Group</dt>
          <dd>{installation.groupName ?? installation.groupId ?? 'Unknown'}</dd>
        </div>
        <div>
          <dt>Room</dt>
          <dd>{roomText(installation)}</dd>
        </div>
        <div>
          <dt>Source</dt>
          <dd>{SOURCE_LABELS[installation.source]}</dd>
        </div>
        <div>
          <dt>Installed</dt>
          <dd>
            <RelativeTime date={installation.installedAt} />
          </dd>
        </div>
        <div>
          <dt>OAuth ID</dt>
          <dd>
            <code>{installation.oauthId}</code>
          </dd>
        </div>
        <div className="details-wide">
          <dt>Scopes</dt>
          <dd>
            <ScopeList scopes={installation.scopes} emptyText="None recorded" />
          </dd>
        </div>
      </dl>
    </div>
  )
}
