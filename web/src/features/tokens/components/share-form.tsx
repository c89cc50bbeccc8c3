import { type ShareInput, shareInputSchema } from '@tokendesk/shared/schemas/token'
import { ReauthDialog } from '@/components/reauth-dialog'
import { Alert } from '@/components/ui/alert'
import { SelectField, TextField } from '@/components/ui/field'
import { SubmitButton } from '@/components/ui/submit-button'
import { useToast } from '@/components/ui/use-toast'
import { useStepUp } from '@/hooks/use-step-up'
import { useValidatedSubmit } from '@/hooks/use-validated-submit'
import { hasFieldErrors, serverFieldErrors } from '@/lib/form-validation'
import { formatError } from '@/lib/format-error'
import { useAddShare } from '../api/add-share'

export function ShareForm({ tokenId }: { tokenId: string }) {
  const addShare = useAddShare()
  const toast = useToast()
  const stepUp = useStepUp()
  const { errors, setErrors, onSubmit } = useValidatedSubmit(shareInputSchema, (input, { form }) =>
    submit(form, input),
  )

  // A `use` share lets its holder read the value: the server may ask for the password first.
  const submit = (form: HTMLFormElement, input: ShareInput, afterPassword = false) =>
    addShare.mutate(
      { id: tokenId, ...input },
      {
        onSuccess: (share) => {
          form.reset()
          toast.notify(
            `Shared with ${share.email} (${share.access === 'use' ? 'can use' : 'can view'}).`,
          )
        },
        onError: (error) => {
          if (!afterPassword && stepUp.intercept(error, () => submit(form, input, true))) return
          setErrors(serverFieldErrors(error))
        },
      },
    )

  return (
    <>
      <form className="form form-grid" noValidate onSubmit={onSubmit} aria-label="Share this token">
        {addShare.isError && !hasFieldErrors(errors) && !stepUp.open ? (
          <div className="form-grid-full">
            <Alert tone="error">{formatError(addShare.error)}</Alert>
          </div>
        ) : null}
        <TextField
          label="Share with (email)"
          name="email"
          type="email"
          autoComplete="off"
          required
          error={errors.email}
        />
        <SelectField label="Access" name="access" defaultValue="view" error={errors.access}>
          <option value="view">Can view (metadata only)</option>
          <option value="use">Can use (copy the value, bind bot keys)</option>
        </SelectField>
        <div className="form-grid-full">
          <SubmitButton pending={addShare.isPending}>Share</SubmitButton>
        </div>
      </form>
      <ReauthDialog
        open={stepUp.open}
        action="letting someone use this token"
        onConfirmed={stepUp.confirm}
        onCancel={stepUp.cancel}
      />
    </>
  )
}
