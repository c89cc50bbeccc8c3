import type { ReactNode } from 'react'

type SubmitButtonProps = { pending: boolean; children: ReactNode; tone?: 'primary' | 'danger' }

/** Keeps its accessible name while busy, so tests and screen readers find the same button. */
export function SubmitButton({ pending, children, tone = 'primary' }: SubmitButtonProps) {
  return (
    <button
      type="submit"
      className={`button button-${tone}`}
      disabled={pending}
      aria-busy={pending || undefined}
    >
      {pending ? <span className="spinner spinner-inverse" aria-hidden="true" /> : null}
      {children}
    </button>
  )
}
