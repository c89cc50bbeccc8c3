import { type CreateUserInput, createUserInputSchema, ROLES } from '@tokendesk/shared/schemas/user'
import { type FormEvent, useState } from 'react'
import { ReauthDialog } from '@/components/reauth-dialog'
import { Alert } from '@/components/ui/alert'
import { SelectField, TextField } from '@/components/ui/field'
import { SubmitButton } from '@/components/ui/submit-button'
import { useToast } from '@/components/ui/use-toast'
import { useStepUp } from '@/hooks/use-step-up'
import {
  type FieldErrors,
  focusFirstError,
  hasFieldErrors,
  readForm,
  serverFieldErrors,
  validateForm,
} from '@/lib/form-validation'
import { formatError } from '@/lib/format-error'
import { ROLE_LABELS } from '@/lib/role-labels'
import { useCreateUser } from '../api/create-user'
import { ROLE_DESCRIPTIONS } from './role-descriptions'

export function CreatePersonForm() {
  const createUser = useCreateUser()
  const toast = useToast()
  const [errors, setErrors] = useState<FieldErrors>({})
  const stepUp = useStepUp()

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = event.currentTarget
    const result = validateForm(createUserInputSchema, readForm(form))
    if (!result.ok) {
      setErrors(result.errors)
      focusFirstError(form, result.errors)
      return
    }
    setErrors({})
    submit(form, result.data)
  }

  // Making people is as strong as a reveal: the server may ask for the password first.
  const submit = (form: HTMLFormElement, input: CreateUserInput, afterPassword = false) =>
    createUser.mutate(input, {
      onSuccess: (user) => {
        form.reset()
        toast.notify(`${user.name} can now sign in as ${user.email}.`)
      },
      onError: (error) => {
        if (!afterPassword && stepUp.intercept(error, () => submit(form, input, true))) return
        setErrors(serverFieldErrors(error, { email_taken: 'email' }))
      },
    })

  return (
    <>
      <form className="form form-grid" noValidate onSubmit={handleSubmit}>
        {createUser.isError && !hasFieldErrors(errors) && !stepUp.open ? (
          <div className="form-grid-full">
            <Alert tone="error">{formatError(createUser.error)}</Alert>
          </div>
        ) : null}
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="off"
          required
          error={errors.email}
        />
        <TextField label="Name" name="name" autoComplete="off" required error={errors.name} />
        <TextField
          label="Initial password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          hint="At least 10 characters. Share it privately; they can change it under Account."
          error={errors.password}
        />
        <SelectField
          label="Role"
          name="role"
          defaultValue="owner"
          hint={`${ROLE_DESCRIPTIONS.owner}. ${ROLE_DESCRIPTIONS.admin}.`}
          error={errors.role}
        >
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role]}
            </option>
          ))}
        </SelectField>
        <div className="form-grid-full">
          <SubmitButton pending={createUser.isPending}>Create person</SubmitButton>
        </div>
      </form>
      <ReauthDialog
        open={stepUp.open}
        action="adding a person"
        onConfirmed={stepUp.confirm}
        onCancel={stepUp.cancel}
      />
    </>
  )
}
