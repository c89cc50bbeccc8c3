type ScopeChipsProps = { scopes: string[]; label?: string }

export function ScopeChips({ scopes, label = 'Scopes' }: ScopeChipsProps) {
  if (scopes.length === 0) return <span className="muted">None</span>
  return (
    <ul className="chips" aria-label={label}>
      {scopes.map((scope) => (
        <li key={scope} className="chip">
          {scope}
        </li>
      ))}
    </ul>
  )
}
