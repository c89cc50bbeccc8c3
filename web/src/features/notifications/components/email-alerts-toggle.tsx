import { useId } from 'react'
import { Alert } from '@/components/ui/alert'
import { Loading } from '@/components/ui/loading'
import { QueryError } from '@/components/ui/query-error'
import { useToast } from '@/components/ui/use-toast'
import { formatError } from '@/lib/format-error'
import { useAlertSettings } from '../api/get-alert-settings'
import { useUpdateAlertSettings } from '../api/update-alert-settings'

/** "Email me alerts": saved as soon as it is ticked or cleared. */
export function EmailAlertsToggle() {
  const settings = useAlertSettings()
  const update = useUpdateAlertSettings()
  const toast = useToast()
  const hintId = useId()

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
  const { emailAvailable } = settings.data
  // The choice being saved shows at once; the box stays focusable (a disabled one drops focus).
  const checked = update.isPending
    ? (update.variables.emailAlerts ?? settings.data.emailAlerts)
    : settings.data.emailAlerts

  const handleChange = (next: boolean) => {
    if (update.isPending) return
    update.mutate(
      { emailAlerts: next },
      {
        onSuccess: (saved) =>
          toast.notify(
            saved.emailAlerts
              ? 'Alerts will be emailed to you as well.'
              : 'Alerts will no longer be emailed to you.',
          ),
      },
    )
  }

  return (
    <div className="stack">
      {update.isError ? <Alert tone="error">{formatError(update.error)}</Alert> : null}
      <label className="checkbox">
        <input
          type="checkbox"
          name="emailAlerts"
          checked={checked}
          aria-describedby={hintId}
          onChange={(event) => handleChange(event.currentTarget.checked)}
        />
        <span>Email me alerts</span>
      </label>
      <p className="field-hint" id={hintId}>
        {emailAvailable
          ? 'Each alert (a token nearing expiry, a failed refresh) is also emailed to the address you sign in with.'
          : 'This server does not send email yet: an administrator turns it on with TOKENDESK_SMTP_URL. Your choice is kept until then.'}
      </p>
    </div>
  )
}
