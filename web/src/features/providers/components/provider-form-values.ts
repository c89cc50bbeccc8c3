import { createProviderInputSchema } from '@tokendesk/shared/schemas/installation'
import type { FieldErrors } from '@/lib/form-validation'
import type { CreateProviderInput } from '../api/create-provider'

type Result = { ok: true; data: CreateProviderInput } | { ok: false; errors: FieldErrors }

const URL_FIELDS = ['tokenUrl', 'authorizationUrl', 'revocationUrl', 'introspectionUrl']

function messageFor(field: string) {
  if (URL_FIELDS.includes(field)) return 'Enter a full http:// or https:// URL'
  if (field === 'scopes')
    return 'Separate scopes with spaces; each may use letters, digits, : . / - _'
  return 'Too long'
}

/** Reads the register form: optional URLs left empty are omitted, scopes split on spaces. */
export function readProviderForm(form: HTMLFormElement): Result {
  const data = new FormData(form)
  const text = (name: string) => String(data.get(name) ?? '').trim()
  const optional = (name: string) => text(name) || undefined
  const input = {
    name: text('name'),
    tokenUrl: text('tokenUrl'),
    authorizationUrl: optional('authorizationUrl'),
    revocationUrl: optional('revocationUrl'),
    introspectionUrl: optional('introspectionUrl'),
    clientId: text('clientId'),
    clientSecret: String(data.get('clientSecret') ?? ''),
    clientAuth: text('clientAuth'),
    scopes: text('scopes').split(/\s+/).filter(Boolean),
  }
  const result = createProviderInputSchema.safeParse(input)
  if (result.success) return { ok: true, data: result.data }
  const errors: FieldErrors = {}
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form')
    const raw = (input as Record<string, unknown>)[field]
    errors[field] ??= raw === '' ? 'Required' : messageFor(field)
  }
  return { ok: false, errors }
}
