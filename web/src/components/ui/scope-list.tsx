import { scopeLabel } from '@/lib/scope-labels'

type ScopeListProps = { scopes: readonly string[]; emptyText?: string }

/** Scopes as small chips with their human names; the raw id is in the tooltip. */
export function ScopeList({ scopes, emptyText = 'No scopes' }: ScopeListProps) {
  if (scopes.length === 0) return <span className="muted">{emptyText}</span>
  return (
    <ul className="scope-list">
      {scopes.map((scope) => (
        <li key={scope} className="scope-chip" title={scope}>
          {scopeLabel(scope)}
        </li>
      ))}
    </ul>
  )
}
