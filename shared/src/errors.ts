import { z } from 'zod'

/** Stable error codes: clients branch on these, never on messages. */
export const ERROR_CODES = [
  'bad_request',
  'invalid_json',
  'validation_failed',
  'unsupported_media_type',
  'payload_too_large',
  'forbidden_origin',
  'unauthenticated',
  'invalid_credentials',
  'account_disabled',
  'too_many_requests',
  'forbidden',
  'not_found',
  'conflict',
  'email_taken',
  'last_admin',
  'setup_not_available',
  'password_change_required',
  'password_unchanged',
  'invite_invalid',
  'invite_expired',
  'invite_withdrawn',
  'invite_used',
  'invalid_setup_token',
  'wrong_password',
  'token_invalid',
  'duplicate_token',
  'provider_untrusted',
  'provider_unreachable',
  'provider_error',
  'provider_circuit_open',
  'reassign_to_self',
  'reauth_required',
  'not_reconnectable',
  'install_rejected',
  'invalid_state',
  'sealed',
  'internal',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export const apiErrorSchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
})

export type ApiErrorBody = z.infer<typeof apiErrorSchema>
