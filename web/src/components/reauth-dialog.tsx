import { type FormEvent, useState } from 'react'
import { Dialog } from '@/components/ui/dialog'
import { TextField } from '@/components/ui/field'
import { SubmitButton } from '@/components/ui/submit-button'
import { isApiError } from '@/lib/api-client'
import { formatError } from '@/lib/format-error'
import { useReauthenticate } from '@/lib/reauthenticate'

type ReauthDialogProps = {
  open: boolean
  /** What the password unlocks, e.g. "revealing or copying a token". */
  action: string
  onConfirmed: () => void
  onCancel: () => void
}

/** Step-up: the server wants the password again before a sensitive action. */
export function ReauthDialog({ open, action, onConfirmed, onCancel }: ReauthDialogProps) {
  const reauth = useReauthenticate()
  const [error, setError] = useState<string>()

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = event.currentTarget
    const password = String(new FormData(form).get('password') ?? '')
    if (!password) {
      setError('Enter your password')
      form.querySelector('input')?.focus()
      return
    }
    reauth.mutate(password, {
      onSuccess: () => {
        setError(undefined)
        onConfirmed()
      },
      onError: (err) => {
        setError(isApiError(err, 'wrong_password') ? 'The password is incorrect' : formatError(err))
        form.querySelector('input')?.focus()
      },
    })
  }

  const close = () => {
    setError(undefined)
    onCancel()
  }

  return (
    <Dialog open={open} title="Confirm your password" onClose={close}>
      <form className="form" noValidate onSubmit={handleSubmit}>
        <p>For your security, enter your password again before {action}.</p>
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={error}
        />
        <div className="form-actions">
          <button type="button" className="button button-secondary" onClick={close}>
            Cancel
          </button>
          <SubmitButton pending={reauth.isPending}>Confirm</SubmitButton>
        </div>
      </form>
    </Dialog>
  )
}
