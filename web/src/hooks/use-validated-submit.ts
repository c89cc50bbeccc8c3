import { type Dispatch, type FormEvent, type SetStateAction, useState } from 'react'
import type { z } from 'zod'
import { type FieldErrors, focusFirstError, readForm, validateForm } from '@/lib/form-validation'

type Submitted = {
  form: HTMLFormElement
  /** For the server's answer: `serverFieldErrors(error, …)` puts its messages by their fields. */
  setErrors: Dispatch<SetStateAction<FieldErrors>>
}

/**
 * A form's submit handler: reads the form, validates it with `schema`, and either shows the
 * errors by their fields with focus on the first (keyboard users land on the problem) or clears
 * them and hands the valid data to `onValid`.
 */
export function useValidatedSubmit<S extends z.ZodType>(
  schema: S,
  onValid: (data: z.output<S>, submitted: Submitted) => void,
) {
  const [errors, setErrors] = useState<FieldErrors>({})
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = event.currentTarget
    const result = validateForm(schema, readForm(form))
    if (!result.ok) {
      setErrors(result.errors)
      focusFirstError(form, result.errors)
      return
    }
    setErrors({})
    onValid(result.data, { form, setErrors })
  }
  return { errors, setErrors, onSubmit }
}
