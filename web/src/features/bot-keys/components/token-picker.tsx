import { Link } from 'react-router-dom'
import { Alert } from '@/components/ui/alert'
import { Loading } from '@/components/ui/loading'
import { paths } from '@/config/paths'
import { formatError } from '@/lib/format-error'
import { useUsableTokens } from '../api/get-usable-tokens'

type TokenPickerProps = {
  error?: string | undefined
  /** Tokens checked to begin with (a key's current bindings). */
  selected?: readonly { id: string; label: string | null }[]
}

/**
 * Checkboxes named `tokenIds`: the tokens this person owns or may use. A token already bound but
 * no longer usable is listed too, so it is dropped only if unchecked.
 */
export function TokenPicker({ error, selected = [] }: TokenPickerProps) {
  const tokens = useUsableTokens()
  const checked = new Set(selected.map((t) => t.id))
  const usable = tokens.data ?? []
  const stale = selected.filter((t) => !usable.some((u) => u.id === t.id))
  return (
    <fieldset
      className={error ? 'fieldset field-invalid' : 'fieldset'}
      aria-describedby={error ? 'token-picker-error' : undefined}
    >
      <legend>Tokens this key may fetch</legend>
      {tokens.isPending ? (
        <Loading label="Loading your tokens…" />
      ) : tokens.isError ? (
        <Alert tone="error">{formatError(tokens.error)}</Alert>
      ) : usable.length === 0 && stale.length === 0 ? (
        <p>
          You have no tokens to bind yet. <Link to={paths.tokens.getHref()}>Add a token</Link>{' '}
          first.
        </p>
      ) : (
        <ul className="check-list">
          {usable.map((token) => (
            <li key={token.id}>
              <label className="check">
                <input
                  type="checkbox"
                  name="tokenIds"
                  value={token.id}
                  defaultChecked={checked.has(token.id)}
                />
                <span>{token.label}</span>
              </label>
            </li>
          ))}
          {stale.map((token) => (
            <li key={token.id}>
              <label className="check">
                <input type="checkbox" name="tokenIds" value={token.id} defaultChecked />
                <span>
                  {token.label ?? 'A token you no longer have access to'}{' '}
                  <span className="muted">(you may no longer use it)</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
      {error ? (
        <p className="field-error" id="token-picker-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  )
}
