import { providerUrlSchema } from '@tokendesk/shared/schemas/token'
import type { TrustedProvider } from '@tokendesk/shared/schemas/trusted-provider'
import { useState } from 'react'
import { z } from 'zod'
import { SelectField, TextField } from '@/components/ui/field'
import { useTrustedProviders } from '../api/get-trusted-providers'

/** The select's value for a URL typed by hand. */
export const OTHER_PROVIDER = 'other'

/** The picker's two form fields, as they arrive from the form. */
export const providerFieldsSchema = {
  providerChoice: z.string().min(1, 'Choose a provider'),
  providerUrl: z.string(),
}

type ProviderFields = { providerChoice: string; providerUrl: string }

/** The chosen trusted API base, or the URL typed under "Other…". */
export const pickedProviderUrl = (v: ProviderFields) =>
  v.providerChoice === OTHER_PROVIDER ? v.providerUrl.trim() : v.providerChoice

/** For a form schema's `superRefine`: a typed URL must be an http(s) URL, said on its field. */
export function checkProviderFields(v: ProviderFields, ctx: z.RefinementCtx) {
  if (v.providerChoice !== OTHER_PROVIDER) return
  if (!providerUrlSchema.safeParse(v.providerUrl.trim()).success)
    ctx.addIssue({
      code: 'custom',
      path: ['providerUrl'],
      message: 'Enter the provider’s API URL, like https://api.example.com/v2/',
    })
}

/** The first choice: the current URL if it is listed, else the first trusted provider. */
function initialChoice(items: TrustedProvider[], current: string | undefined) {
  if (current !== undefined) {
    return items.some((p) => p.apiBase === current) ? current : OTHER_PROVIDER
  }
  return items[0]?.apiBase ?? OTHER_PROVIDER
}

type ProviderPickerProps = {
  /** The URL to start from (a token's current provider); otherwise the first trusted one. */
  current?: string
  /** An error for the typed URL. */
  error?: string | undefined
  onChange?: () => void
}

/**
 * Trusted providers as a picker, with "Other…" revealing a URL field and saying, in words, why a
 * URL this server does not trust cannot be verified.
 */
export function ProviderPicker({ current, error, onChange }: ProviderPickerProps) {
  const trusted = useTrustedProviders()
  const [choice, setChoice] = useState<string | null>(null)
  if (trusted.isPending) {
    return (
      <SelectField label="Provider" name="providerChoice" disabled value="" onChange={() => {}}>
        <option value="">Loading trusted providers…</option>
      </SelectField>
    )
  }
  const items = trusted.data?.items ?? []
  const selected = choice ?? initialChoice(items, current)
  const other = selected === OTHER_PROVIDER
  return (
    <>
      <SelectField
        label="Provider"
        name="providerChoice"
        value={selected}
        onChange={(event) => {
          setChoice(event.target.value)
          onChange?.()
        }}
        hint={
          items.length > 0
            ? 'The providers this server trusts, and the API base of every installation you can see. Token Desk asks the provider what the token is and when it expires.'
            : 'This server trusts no single provider yet (an administrator sets TOKENDESK_TRUSTED_PROVIDERS), so enter the URL under Other.'
        }
        error={trusted.isError ? 'The list of trusted providers could not be loaded.' : undefined}
      >
        {items.map((p) => (
          <option key={p.apiBase} value={p.apiBase}>
            {p.label} — {p.apiBase}
          </option>
        ))}
        <option value={OTHER_PROVIDER}>Other…</option>
      </SelectField>
      {other ? (
        <TextField
          label="Provider API URL"
          name="providerUrl"
          type="url"
          autoComplete="off"
          defaultValue={
            current !== undefined && !items.some((p) => p.apiBase === current) ? current : ''
          }
          placeholder="https://api.example.com/v2/"
          onChange={onChange}
          hint="Token Desk only asks providers this server trusts. If this URL is not one of them, the token cannot be verified: Token Desk cannot tell whether it works, and its expiry and scopes are only what you enter. You will be asked before it is saved unverified."
          error={error}
        />
      ) : (
        <input type="hidden" name="providerUrl" value="" />
      )}
    </>
  )
}
