import { CheckboxGroup } from '@/components/ui/checkbox-group'
import { scopeLabel } from '@/lib/scope-labels'

type ScopePickerProps = {
  legend: string
  /** The installation's scopes: nothing else can be asked for. */
  available: string[]
  value: string[]
  onChange: (scopes: string[]) => void
  error?: string | undefined
}

export function ScopePicker({ legend, available, value, onChange, error }: ScopePickerProps) {
  if (available.length === 0) {
    return (
      <p className="field-hint">
        No scopes were recorded for this installation; the provider grants every scope the add-on
        was installed with.
      </p>
    )
  }
  return (
    <CheckboxGroup
      legend={legend}
      name="scopes"
      options={available.map((s) => ({ value: s, label: scopeLabel(s) }))}
      value={value}
      onChange={onChange}
      error={error}
    />
  )
}

/** With scopes to choose from, at least one must be chosen. */
export function scopeError(available: string[], chosen: string[]) {
  return available.length > 0 && chosen.length === 0 ? 'Choose at least one scope' : undefined
}

export function focusFirstScope(form: HTMLFormElement) {
  form.querySelector<HTMLInputElement>('input[name="scopes"]')?.focus()
}
