import { expiryDaysSchema } from '@tokendesk/shared/schemas/notification'
import { type FormEvent, useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { TextField } from '@/components/ui/field'
import { Loading } from '@/components/ui/loading'
import { QueryError } from '@/components/ui/query-error'
import { SubmitButton } from '@/components/ui/submit-button'
import { useToast } from '@/components/ui/use-toast'
import { formatError } from '@/lib/format-error'
import { plural } from '@/lib/plural'
import { useAlertSettings } from '../api/get-alert-settings'
import { useUpdateAlertSettings } from '../api/update-alert-settings'

const DAYS_ERROR = 'Enter 1 to 6 whole numbers from 1 to 365, separated by commas'

export function parseDays(raw: string) {
  const parts = raw.split(/[\s,]+/).filter(Boolean)
  const days = parts.map(Number)
  const result = expiryDaysSchema.safeParse(days)
  return result.success ? result.data : null
}

function describe(days: number[]) {
  if (days.length === 1) return plural(days[0] ?? 0, 'day')
  // "7 and 1 days": the unit agrees with the whole list, not with its last number.
  return `${days.slice(0, -1).join(', ')} and ${days.at(-1)} days`
}

export function AlertSettingsForm() {
  const settings = useAlertSettings()
  const update = useUpdateAlertSettings()
  const toast = useToast()
  const [error, setError] = useState<string>()

  if (settings.isPending) return <Loading label="Loading alert settings…" />
  if (settings.isError) {
    return (
      <QueryError
        title="Could not load alert settings"
        error={settings.error}
        onRetry={() => settings.refetch()}
      />
    )
  }

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const input = event.currentTarget.elements.namedItem('expiryDays') as HTMLInputElement
    const days = parseDays(input.value)
    if (!days) {
      setError(input.value.trim() ? DAYS_ERROR : 'Required')
      input.focus()
      return
    }
    setError(undefined)
    update.mutate(
      { expiryDays: days },
      {
        onSuccess: (saved) => {
          input.value = saved.expiryDays.join(', ')
          toast.notify(`You will be alerted ${describe(saved.expiryDays)} before a token expires.`)
        },
      },
    )
  }

  return (
    <form className="form" noValidate onSubmit={handleSubmit}>
      {update.isError ? <Alert tone="error">{formatError(update.error)}</Alert> : null}
      <TextField
        label="Alert days before expiry"
        name="expiryDays"
        inputMode="numeric"
        autoComplete="off"
        required
        defaultValue={settings.data.expiryDays.join(', ')}
        hint="For example 30, 7, 1: one alert per token at each of these points. Up to six values."
        error={error}
      />
      <div>
        <SubmitButton pending={update.isPending}>Save alert days</SubmitButton>
      </div>
    </form>
  )
}
