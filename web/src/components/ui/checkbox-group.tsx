import { type ReactNode, useId } from 'react'

export type CheckboxOption = { value: string; label: string; hint?: string }

type CheckboxGroupProps = {
  legend: string
  name: string
  options: CheckboxOption[]
  /** Controlled selection; omit for an uncontrolled group read with FormData. */
  value?: string[]
  defaultValue?: string[]
  onChange?: (value: string[]) => void
  error?: string | undefined
  hint?: ReactNode
  disabled?: boolean
}

/** A fieldset of checkboxes: the legend names the group, each box has its own label. */
export function CheckboxGroup(props: CheckboxGroupProps) {
  const { legend, name, options, value, defaultValue, onChange, error, hint, disabled } = props
  const id = useId()
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean)

  const toggle = (option: string, checked: boolean) => {
    if (!value || !onChange) return
    onChange(checked ? [...value, option] : value.filter((v) => v !== option))
  }

  return (
    <fieldset
      className={error ? 'fieldset field-invalid' : 'fieldset'}
      aria-describedby={described.length ? described.join(' ') : undefined}
      disabled={disabled}
    >
      <legend>{legend}</legend>
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <div className="checkbox-grid">
        {options.map((option) => (
          <label key={option.value} className="checkbox">
            <input
              type="checkbox"
              name={name}
              value={option.value}
              {...(value
                ? {
                    checked: value.includes(option.value),
                    onChange: (e) => toggle(option.value, e.currentTarget.checked),
                  }
                : { defaultChecked: defaultValue?.includes(option.value) })}
            />
            <span>
              {option.label}
              {option.hint ? <span className="checkbox-hint"> {option.hint}</span> : null}
            </span>
          </label>
        ))}
      </div>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </fieldset>
  )
}
