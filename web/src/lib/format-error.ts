import { ApiRequestError } from './api-client'
import { plural } from './plural'

function formatWait(seconds: number) {
  if (seconds < 90) return plural(seconds, 'second')
  return plural(Math.ceil(seconds / 60), 'minute')
}

/** A sentence to show a person for any thrown value; the server's own message wins. */
export function formatError(error: unknown): string {
  if (error instanceof ApiRequestError) {
    if (error.code === 'too_many_requests' && error.retryAfterSeconds) {
      return `${error.message} (wait about ${formatWait(error.retryAfterSeconds)}).`
    }
    return error.message
  }
  if (error instanceof TypeError) {
    return 'Could not reach the Token Desk server. Check your connection and try again.'
  }
  if (error instanceof Error && error.message) return error.message
  return 'Something went wrong. Please try again.'
}
