import { createAddonInputSchema } from '@tokendesk/shared/schemas/installation'
import type { FieldErrors } from '@/lib/form-validation'
import type { CreateAddonInput } from '../api/create-addon'

type Result = { ok: true; data: CreateAddonInput } | { ok: false; errors: FieldErrors }

const MESSAGES: Record<string, string> = {
  key: 'Use 3 to 100 lowercase letters, digits, dots, dashes or underscores',
  name: 'Must be at most 100 characters',
  description: 'Must be at most 500 characters',
  scopes: 'Choose at least one scope',
  allow: 'Allow a global install, a room install, or both',
}

/** Reads the create form (checkboxes included) and explains each problem next to its field. */
export function readAddonForm(form: HTMLFormElement): Result {
  const data = new FormData(form)
  const text = (name: string) => String(data.get(name) ?? '').trim()
  const allow = data.getAll('allow')
  const input = {
    key: text('key'),
    name: text('name'),
    description: text('description') || undefined,
    scopes: data.getAll('scopes').map(String),
    allowGlobal: allow.includes('allowGlobal'),
    allowRoom: allow.includes('allowRoom'),
  }
  const result = createAddonInputSchema.safeParse(input)
  if (result.success) return { ok: true, data: result.data }
  const errors: FieldErrors = {}
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'allow')
    const raw = (input as Record<string, unknown>)[field]
    errors[field] ??= raw === '' ? 'Required' : (MESSAGES[field] ?? issue.message)
  }
  return { ok: false, errors }
}
