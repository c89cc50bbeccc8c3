import {
  type InstallationView,
  manualInstallationInputSchema,
} from '@tokendesk/shared/schemas/installation'
import { Alert } from '@/components/ui/alert'
import { TextField } from '@/components/ui/field'
import { SubmitButton } from '@/components/ui/submit-button'
import { useToast } from '@/components/ui/use-toast'
import { useValidatedSubmit } from '@/hooks/use-validated-submit'
import { isApiError } from '@/lib/api-client'
import { hasFieldErrors, serverFieldErrors } from '@/lib/form-validation'
import { formatError } from '@/lib/format-error'
import { useRegisterInstallation } from '../api/register-installation'

function errorTitle(error: unknown) {
  if (isApiError(error, 'provider_untrusted')) return 'This provider is not trusted'
  if (isApiError(error, 'install_rejected')) return 'The installation was not accepted'
  return 'Could not register the installation'
}

type RegisterInstallationFormProps = { onRegistered?: (installation: InstallationView) => void }

export function RegisterInstallationForm({ onRegistered }: RegisterInstallationFormProps) {
  const register = useRegisterInstallation()
  const toast = useToast()
  const { errors, onSubmit } = useValidatedSubmit(
    manualInstallationInputSchema,
    (input, { form, setErrors }) =>
      register.mutate(input, {
        onSuccess: (installation) => {
          form.reset()
          toast.notify('Installation registered and its credentials verified.')
          onRegistered?.(installation)
        },
        onError: (error) => setErrors(serverFieldErrors(error)),
      }),
  )

  return (
    <form className="form form-grid" noValidate onSubmit={onSubmit}>
      {register.isError && !hasFieldErrors(errors) ? (
        <div className="form-grid-full">
          <Alert tone="error" title={errorTitle(register.error)}>
            <p>{formatError(register.error)}</p>
            {isApiError(register.error, 'provider_untrusted') ? (
              <p>An admin can allow its origin with TOKENDESK_TRUSTED_PROVIDERS.</p>
            ) : null}
          </Alert>
        </div>
      ) : null}
      <TextField
        label="OAuth ID"
        name="oauthId"
        autoComplete="off"
        spellCheck={false}
        required
        error={errors.oauthId}
      />
      <TextField
        label="OAuth secret"
        name="oauthSecret"
        type="password"
        autoComplete="off"
        required
        hint="Stored encrypted; it is never shown again."
        error={errors.oauthSecret}
      />
      <div className="form-grid-full">
        <TextField
          label="Capabilities URL"
          name="capabilitiesUrl"
          type="url"
          autoComplete="off"
          spellCheck={false}
          required
          placeholder="https://api.hipchat.com/v2/capabilities"
          hint="The provider’s capabilities document; Token Desk proves the credentials against it."
          error={errors.capabilitiesUrl}
        />
      </div>
      <div className="form-grid-full">
        <SubmitButton pending={register.isPending}>Register installation</SubmitButton>
      </div>
    </form>
  )
}
