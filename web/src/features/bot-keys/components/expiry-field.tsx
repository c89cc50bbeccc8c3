import { useState } from 'react'
import { SelectField, TextField } from '@/components/ui/field'
import { DEFAULT_EXPIRY, EXPIRY_PRESETS, type ExpiryPreset } from './expiry-presets'

type ExpiryFieldProps = {
  label: string
  /** Form field names: the preset's, and the custom date's when "Custom date…" is chosen. */
  name: string
  customName: string
  defaultPreset?: ExpiryPreset
  error?: string | undefined
}

/** How long a key works: presets as GitHub offers them, none, or a date of your own. */
export function ExpiryField(props: ExpiryFieldProps) {
  const { label, name, customName, defaultPreset = DEFAULT_EXPIRY, error } = props
  const [preset, setPreset] = useState<string>(defaultPreset)
  return (
    <>
      <SelectField
        label={label}
        name={name}
        value={preset}
        onChange={(event) => setPreset(event.target.value)}
        error={preset === 'custom' ? undefined : error}
        hint={preset === 'never' ? 'The key works until it is revoked.' : undefined}
      >
        {EXPIRY_PRESETS.map((p) => (
          <option key={p.value} value={p.value}>
            {p.label}
          </option>
        ))}
      </SelectField>
      {preset === 'custom' ? (
        <TextField
          label="Expires at"
          name={customName}
          type="datetime-local"
          required
          hint="Your local time."
          error={error}
        />
      ) : null}
    </>
  )
}
