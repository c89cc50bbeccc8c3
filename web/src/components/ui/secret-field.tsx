import { type InputHTMLAttributes, type ReactNode, useId, useState } from 'react'

type SecretFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> & {
  label: string
  name: string
  error?: string | undefined
  hint?: ReactNode
}

/** A password-style input with a "Show" toggle; the value is never echoed anywhere else. */
export function SecretField({ label, error, hint, required, ...input }: SecretFieldProps) {
  const id = useId()
  const [visible, setVisible] = useState(false)
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean)
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <div className="input-group">
        <input
          id={id}
          className="input input-mono"
          type={visible ? 'text' : 'password'}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={described.length > 0 ? described.join(' ') : undefined}
          aria-required={required || undefined}
          {...input}
        />
        <button
          type="button"
          className="button button-secondary"
          aria-pressed={visible}
          aria-controls={id}
          onClick={() => setVisible((v) => !v)}
        >
          Show<span className="visually-hidden"> {label.toLowerCase()}</span>
        </button>
      </div>
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  )
}
