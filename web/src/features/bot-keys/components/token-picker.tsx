import { Link } from 'react-router-dom'
import { Alert } from '@/components/ui/alert'
import { Loading } from '@/components/ui/loading'
import { paths } from '@/config/paths'
import { formatError } from '@/lib/format-error'
import { useUsableTokens } from '../api/get-usable-tokens'

type TokenPickerProps = { error?: string | undefined }

/** Checkboxes named `tokenIds`: the tokens this person owns or may use. */
export function TokenPicker({ error }: TokenPickerProps) {
  const tokens = useUsableTokens()
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
      ) : tokens.data.length === 0 ? (
        <p>
          You have no tokens to bind yet. <Link to={paths.tokens.getHref()}>Add a token</Link>{' '}
          first.
        </p>
      ) : (
        <ul className="check-list">
          {tokens.data.map((token) => (
            <li key={token.id}>
              <label className="check">
                <input type="checkbox" name="tokenIds" value={token.id} />
                <span>{token.label}</span>
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
