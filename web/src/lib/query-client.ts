import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query'
import { ApiRequestError } from './api-client'

const MAX_RETRIES = 2

/** A 401 `reauth_required` (step-up before a reveal) keeps the session; any other 401 ends it. */
function isUnauthenticated(error: unknown) {
  return (
    error instanceof ApiRequestError && error.status === 401 && error.code !== 'reauth_required'
  )
}

/** Client errors will not change on retry; network and 5xx failures might. */
function shouldRetry(failureCount: number, error: unknown) {
  if (error instanceof ApiRequestError && error.status < 500) return false
  return failureCount < MAX_RETRIES
}

type QueryClientOptions = {
  /** Called when any request reports an expired or missing session. */
  onUnauthenticated?: (queryClient: QueryClient) => void
}

export function createQueryClient({ onUnauthenticated }: QueryClientOptions = {}) {
  const handleError = (error: unknown) => {
    if (isUnauthenticated(error)) onUnauthenticated?.(queryClient)
  }
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: handleError }),
    mutationCache: new MutationCache({ onError: handleError }),
    defaultOptions: {
      queries: { staleTime: 30_000, retry: shouldRetry },
      mutations: { retry: false },
    },
  })
  return queryClient
}
