import type { ErrorCode } from '@tokendesk/shared/errors'
import type { z } from 'zod'
import { ApiRequestError } from './api-client'

export type FieldErrors = Partial<Record<string, string>>

type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors }

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  if (raw === '' || raw === undefined) return 'Required'
  switch (issue.code) {
    case 'too_small':
      if (Number(issue.minimum) <= 1) return 'Required'
      return `Must be at least ${issue.minimum} characters`
    case 'too_big':
      return `Must be at most ${issue.maximum} characters`
    case 'invalid_format':
      return issue.format === 'email' ? 'Enter a valid email address' : 'Invalid format'
    default:
      return issue.message
  }
}

/** Reads a form's text fields into a plain object. */
export function readForm(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {}
  for (const [key, value] of new FormData(form)) {
    if (typeof value === 'string') values[key] = value
  }
  return values
}

/** Validates raw form values, keeping the first friendly message per field. */
export function validateForm<S extends z.ZodType>(
  schema: S,
  values: Record<string, string>,
): FormResult<z.output<S>> {
  const result = schema.safeParse(values)
  if (result.success) return { ok: true, data: result.data }
  const errors: FieldErrors = {}
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form')
    errors[field] ??= describeIssue(issue, values[field])
  }
  return { ok: false, errors }
}

/**
 * Field messages from a server answer: `validation_failed` issues by their first path segment,
 * plus known error codes that belong to one field (e.g. `{ email_taken: 'email' }`).
 */
export function serverFieldErrors(
  error: unknown,
  codeFields: Partial<Record<ErrorCode, string>> = {},
): FieldErrors {
  if (!(error instanceof ApiRequestError)) return {}
  const errors: FieldErrors = {}
  for (const issue of error.issues) {
    const field = issue.path.split('.')[0] || 'form'
    errors[field] ??= issue.message
  }
  const field = error.code === 'unknown' ? undefined : codeFields[error.code]
  if (field) errors[field] ??= error.message
  return errors
}

/** Moves focus to the first field with an error, so keyboard users land on the problem. */
export function focusFirstError(form: HTMLFormElement, errors: FieldErrors) {
  for (const element of Array.from(form.elements)) {
    const name = element.getAttribute('name')
    if (name && errors[name] && element instanceof HTMLElement) {
      element.focus()
      return
    }
  }
}

/** True when a failure is already explained next to a field, so no general alert is needed. */
export function hasFieldErrors(errors: FieldErrors) {
  return Object.values(errors).some(Boolean)
}
