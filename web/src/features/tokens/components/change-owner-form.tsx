import { reassignInputSchema } from '@tokendesk/shared/schemas/token'
import { ReauthDialog } from '@/components/reauth-dialog'
import { Alert } from '@/components/ui/alert'
import { TextAreaField, TextField } from '@/components/ui/field'
import { SubmitButton } from '@/components/ui/submit-button'
import { useToast } from '@/components/ui/use-toast'
import { useStepUp } from '@/hooks/use-step-up'
import { useValidatedSubmit } from '@/hooks/use-validated-submit'
import { focusFirstError, hasFieldErrors, serverFieldErrors } from '@/lib/form-validation'
import { formatError } from '@/lib/format-error'
import { type ChangeOwnerInput, useChangeOwner } from '../api/change-owner'

/** Errors the server ties to the new owner's email. */
const EMAIL_CODES = { reassign_to_self: 'email', duplicate_token: 'email' } as const

/** Break glass, admins only: hands the token (and its encrypted value) to another person. */
export function ChangeOwnerForm({ tokenId }: { tokenId: string }) {
  const changeOwner = useChangeOwner()
  const stepUp = useStepUp()
  const toast = useToast()
  const { errors, setErrors, onSubmit } = useValidatedSubmit(
    reassignInputSchema,
    (input, { form }) => submit(form, { id: tokenId, ...input }),
  )

  const submit = (form: HTMLFormElement, input: ChangeOwnerInput, afterPassword = false) =>
    changeOwner.mutate(input, {
      onSuccess: () => {
        form.reset()
        toast.notify(`${input.email} now owns this token. The previous owner has been told.`)
      },
      onError: (error) => {
        if (!afterPassword && stepUp.intercept(error, () => submit(form, input, true))) return
        const found = serverFieldErrors(error, EMAIL_CODES)
        setErrors(found)
        focusFirstError(form, found)
      },
    })

  return (
    <>
      <form className="form form-grid" noValidate onSubmit={onSubmit} aria-label="Change owner">
        <div className="form-grid-full">
          <Alert tone="warning" title="Break glass">
            Use this only when the owner cannot act, for example when they have left. The previous
            owner is told, in Token Desk and through their webhooks, with your reason, and the
            change is kept in the audit log. You cannot take a token for yourself.
          </Alert>
        </div>
        {changeOwner.isError && !stepUp.open && !hasFieldErrors(errors) ? (
          <div className="form-grid-full">
            <Alert tone="error" title="The owner was not changed">
              {formatError(changeOwner.error)}
            </Alert>
          </div>
        ) : null}
        <TextField
          label="New owner’s email"
          name="email"
          type="email"
          autoComplete="off"
          required
          hint="Existing shares are removed; the new owner can share it again."
          error={errors.email}
        />
        <div className="form-grid-full">
          <TextAreaField
            label="Reason"
            name="reason"
            required
            maxLength={500}
            hint="Why the token changes hands (3 to 500 characters). The previous owner reads this."
            error={errors.reason}
          />
        </div>
        <div className="form-grid-full">
          <SubmitButton pending={changeOwner.isPending}>Change owner</SubmitButton>
        </div>
      </form>
      {/* Outside the form: the dialog holds a form of its own. */}
      <ReauthDialog
        open={stepUp.open}
        action="changing a token’s owner"
        onConfirmed={stepUp.confirm}
        onCancel={stepUp.cancel}
      />
    </>
  )
}
