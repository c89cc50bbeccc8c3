import type { BotKeyView } from '@tokendesk/shared/schemas/bot-key'
import { Link } from 'react-router-dom'
import { RelativeTime } from '@/components/ui/relative-time'
import { type BadgeTone, StatusBadge } from '@/components/ui/status-badge'
import { paths } from '@/config/paths'

const STATUS: Record<BotKeyView['status'], { label: string; tone: BadgeTone }> = {
  active: { label: 'Active', tone: 'success' },
  expired: { label: 'Expired', tone: 'warning' },
  revoked: { label: 'Revoked', tone: 'neutral' },
  // The owner's account is disabled: the key answers 401 until they are enabled again.
  suspended: { label: 'Suspended: owner disabled', tone: 'danger' },
}

type BotKeysTableProps = { keys: BotKeyView[]; onRevoke: (key: BotKeyView) => void }

export function BotKeysTable({ keys, onRevoke }: BotKeysTableProps) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Your bot keys</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Key starts with</th>
            <th scope="col">Tokens</th>
            <th scope="col">Status</th>
            <th scope="col">Expires</th>
            <th scope="col">Last used</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr key={key.id}>
              <th scope="row" className="cell-strong">
                {key.name}
              </th>
              <td>
                <code>{key.keyPrefix}…</code>
              </td>
              <td>
                <ul className="plain-list">
                  {key.tokens.map((token) => (
                    <li key={token.id}>
                      {token.label === null ? (
                        <span className="muted">a token you no longer have access to</span>
                      ) : (
                        <Link to={paths.tokenDetail.getHref(token.id)}>{token.label}</Link>
                      )}
                    </li>
                  ))}
                </ul>
              </td>
              <td>
                <StatusBadge tone={STATUS[key.status].tone}>{STATUS[key.status].label}</StatusBadge>
              </td>
              <td>
                {key.expiresAt ? (
                  <RelativeTime date={key.expiresAt} />
                ) : (
                  <span className="muted">Never</span>
                )}
              </td>
              <td>
                {key.lastUsedAt ? (
                  <>
                    <RelativeTime date={key.lastUsedAt} />
                    {key.lastUsedIp ? (
                      <span className="cell-note">from {key.lastUsedIp}</span>
                    ) : null}
                  </>
                ) : (
                  <span className="muted">Never</span>
                )}
              </td>
              <td>
                {key.status === 'revoked' ? null : (
                  <div className="row-actions">
                    <button
                      type="button"
                      className="button button-danger-outline button-small"
                      onClick={() => onRevoke(key)}
                    >
                      Revoke<span className="visually-hidden"> {key.name}</span>
                    </button>
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
