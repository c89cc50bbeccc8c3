import type { BotKeyView } from '@tokendesk/shared/schemas/bot-key'
import { Fragment, useState } from 'react'
import { Link } from 'react-router-dom'
import { RelativeTime } from '@/components/ui/relative-time'
import { type BadgeTone, StatusBadge } from '@/components/ui/status-badge'
import { paths } from '@/config/paths'
import { BotKeyFailures } from './bot-key-failures'

const STATUS: Record<BotKeyView['status'], { label: string; tone: BadgeTone }> = {
  active: { label: 'Active', tone: 'success' },
  expired: { label: 'Expired', tone: 'warning' },
  revoked: { label: 'Revoked', tone: 'neutral' },
  // The owner's account is disabled: the key answers 401 until they are enabled again.
  suspended: { label: 'Suspended: owner disabled', tone: 'danger' },
}

const COLUMNS = 7

type BotKeysTableProps = {
  keys: BotKeyView[]
  onRevoke: (key: BotKeyView) => void
  onRotate: (key: BotKeyView) => void
  onChangeTokens: (key: BotKeyView) => void
}

/** The id of a key's row heading, where focus goes when the button that was used is gone. */
export const rowHeadingId = (keyId: string) => `bot-key-${keyId}`

export function BotKeysTable({ keys, onRevoke, onRotate, onChangeTokens }: BotKeysTableProps) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set())
  const toggle = (id: string) =>
    setOpen((was) => {
      const next = new Set(was)
      if (!next.delete(id)) next.add(id)
      return next
    })
  // A rotated key and its replacement share a name: the prefix tells their buttons apart.
  const names = keys.map((k) => k.name)
  const nameOf = (key: BotKeyView) =>
    names.indexOf(key.name) !== names.lastIndexOf(key.name)
      ? `${key.name} (${key.keyPrefix}…)`
      : key.name

  return (
    <div className="table-wrap">
      <table className="table bot-keys-table">
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
          {keys.map((key) => {
            const replaced = key.replacedBy !== null && key.status === 'active'
            const live = key.status === 'active' && key.replacedBy === null
            const name = nameOf(key)
            const panelId = `refused-panel-${key.id}`
            return (
              <Fragment key={key.id}>
                <tr>
                  <th scope="row" className="cell-strong" id={rowHeadingId(key.id)} tabIndex={-1}>
                    {key.name}
                    {key.rotatedFrom ? (
                      <span className="cell-note">replaces an earlier key</span>
                    ) : null}
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
                    {replaced ? (
                      <>
                        <StatusBadge tone="warning">Replaced</StatusBadge>
                        <span className="cell-note">
                          valid until{' '}
                          {key.expiresAt ? <RelativeTime date={key.expiresAt} /> : 'revoked'}
                        </span>
                      </>
                    ) : (
                      <StatusBadge tone={STATUS[key.status].tone}>
                        {STATUS[key.status].label}
                      </StatusBadge>
                    )}
                    {key.lastRefusedAt ? (
                      <span className="cell-note">
                        last refused call <RelativeTime date={key.lastRefusedAt} />
                      </span>
                    ) : null}
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
                    <div className="row-actions">
                      {live ? (
                        <>
                          <button
                            type="button"
                            className="button button-secondary button-small"
                            onClick={() => onRotate(key)}
                          >
                            Rotate<span className="visually-hidden"> {name}</span>
                          </button>
                          <button
                            type="button"
                            className="button button-secondary button-small"
                            onClick={() => onChangeTokens(key)}
                          >
                            Change tokens<span className="visually-hidden"> of {name}</span>
                          </button>
                        </>
                      ) : null}
                      {key.lastRefusedAt ? (
                        <button
                          type="button"
                          className="button button-ghost button-small"
                          aria-expanded={open.has(key.id)}
                          aria-controls={open.has(key.id) ? panelId : undefined}
                          onClick={() => toggle(key.id)}
                        >
                          Recent refused calls<span className="visually-hidden"> of {name}</span>
                        </button>
                      ) : null}
                      {key.status === 'revoked' ? null : (
                        <button
                          type="button"
                          className="button button-danger-outline button-small"
                          onClick={() => onRevoke(key)}
                        >
                          Revoke<span className="visually-hidden"> {name}</span>
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
                {open.has(key.id) ? (
                  <tr className="bot-key-detail-row" id={panelId}>
                    <td colSpan={COLUMNS}>
                      <BotKeyFailures botKey={key} />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
