import { CopyButton } from './copy-button'

type CopyableValueProps = {
  label: string
  value: string
  /** Show a Copy button (default true). */
  copy?: boolean
  /** A one-time secret: copying it clears the clipboard after a minute (see CopyButton). */
  secret?: boolean
}

/** A long value (URL, one-time secret) shown whole, selectable, with a Copy button beside it. */
export function CopyableValue({ label, value, copy = true, secret = false }: CopyableValueProps) {
  return (
    <div className="copyable">
      <span className="copyable-label">{label}</span>
      <div className="copyable-row">
        <code className="copyable-value">{value}</code>
        {copy ? <CopyButton value={value} label={label} secret={secret} /> : null}
      </div>
    </div>
  )
}
