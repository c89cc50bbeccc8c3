import { formatError } from '@/lib/format-error'
import { Alert } from './alert'

type QueryErrorProps = { title: string; error: unknown; onRetry: () => void }

/** A failed load, with the server's reason and a way to try again. */
export function QueryError({ title, error, onRetry }: QueryErrorProps) {
  return (
    <Alert
      tone="error"
      title={title}
      action={
        <button type="button" className="button button-secondary" onClick={onRetry}>
          Try again
        </button>
      }
    >
      {formatError(error)}
    </Alert>
  )
}
