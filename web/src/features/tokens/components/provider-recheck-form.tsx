import type { TokenView } from '@tokendesk/shared/schemas/token'
import { type FormEvent, useRef, useState } from 'react'
import { z } from 'zod'
import { Alert } from '@/components/ui/alert'
import { SubmitButton } from '@/components/ui/submit-button'
import { useToast } from '@/components/ui/use-toast'
import { isApiError } from '@/lib/api-client'
import { type FieldErrors, focusFirstError, readForm, validateForm } from '@/lib/form-validation'
import { formatError } from '@/lib/format-error'
import { useRecheckToken } from '../api/recheck-token'
import {
  checkProviderFields,
  ProviderPicker,
  pickedProviderUrl,
  providerFieldsSchema,
} from './provider-picker'
import { UnverifiedChoice, unverifiableReason } from './unverified-choice'

const recheckSchema = z
  .object(providerFieldsSchema)
  .superRefine(checkProviderFields)
  .transform((v) => pickedProviderUrl(v))

/** The owner points a pasted token at another provider, or asks the same one again. */
export function ProviderRecheckForm({ token }: { token: TokenView }) {
  const recheck = useRecheckToken()
  const toast = useToast()
  const formRef = useRef<HTMLFormElement>(null)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [unverifiable, setUnverifiable] = useState<string | null>(null)

  const submit = (allowUnverified: boolean) => {
    const form = formRef.current
    if (!form) return
    const result = validateForm(recheckSchema, readForm(form))
    setUnverifiable(null)
    if (!result.ok) {
      setErrors(result.errors)
      focusFirstError(form, result.errors)
      return
    }
    setErrors({})
    const input = { providerUrl: result.data, ...(allowUnverified ? { allowUnverified } : {}) }
    // mutateAsync: success remounts this form (keyed by `updatedAt`), which drops mutate's callbacks.
    recheck
      .mutateAsync({ id: token.id, input })
      .then((after) =>
        toast.notify(
          after.verified
            ? 'Verified with the provider: scopes and its expiry are up to date.'
            : 'Saved without verifying.',
          after.verified ? 'success' : 'info',
        ),
      )
      .catch((error: unknown) => setUnverifiable(unverifiableReason(error)))
  }

  const failed = recheck.isError && unverifiable === null
  return (
    <form
      ref={formRef}
      className="form"
      noValidate
      onSubmit={(event: FormEvent<HTMLFormElement>) => {
        event.preventDefault()
        submit(false)
      }}
    >
      <p className="muted">
        {token.verified
          ? 'The provider vouched for this token. Check again after changing it at the provider, or to move it to another provider.'
          : `Not verified${token.lastError ? ` (${token.lastError.replace(/^Not verified: /, '')})` : ''}. Choose a provider this server trusts and check again.`}
      </p>
      {failed ? (
        <Alert
          tone="error"
          title={
            isApiError(recheck.error, 'token_invalid')
              ? 'The provider does not accept this token'
              : 'The check did not go through'
          }
        >
          <p>{formatError(recheck.error)}</p>
          <p>Nothing was changed.</p>
        </Alert>
      ) : null}
      <ProviderPicker
        current={token.providerUrl}
        error={errors.providerUrl}
        onChange={() => setUnverifiable(null)}
      />
      {unverifiable !== null ? (
        <UnverifiedChoice
          reason={unverifiable}
          pending={recheck.isPending}
          onSave={() => submit(true)}
          saveLabel="Save the provider without verifying"
        />
      ) : null}
      <div className="form-actions">
        <SubmitButton pending={recheck.isPending}>Check with the provider</SubmitButton>
      </div>
    </form>
  )
}
