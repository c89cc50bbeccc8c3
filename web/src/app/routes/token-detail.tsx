import { useEffect, useMemo, useRef } from 'react'
import { useParams, useSearchParams } from 'react-router-dom'
import { Loading } from '@/components/ui/loading'
import { PageHeader } from '@/components/ui/page-header'
import { QueryError } from '@/components/ui/query-error'
import { useToast } from '@/components/ui/use-toast'
import { useBotKeys } from '@/features/bot-keys/api/get-bot-keys'
import { useToken } from '@/features/tokens/api/get-token'
import { TokenDetail } from '@/features/tokens/components/token-detail'
import { isApiError } from '@/lib/api-client'
import { NotFoundRoute } from './not-found'

/** `?connected=1` is where the OAuth callback lands after a (re)connect: say so, once. */
function useConnectedNotice() {
  const [params, setParams] = useSearchParams()
  const toast = useToast()
  const connected = params.get('connected') === '1'
  const shown = useRef(false)
  useEffect(() => {
    if (!connected || shown.current) return
    shown.current = true
    toast.notify('Connected')
    setParams(
      (current) => {
        const next = new URLSearchParams(current)
        next.delete('connected')
        return next
      },
      { replace: true },
    )
  }, [connected, setParams, toast])
}

export function TokenDetailRoute() {
  const { id = '' } = useParams()
  const token = useToken(id)
  const botKeys = useBotKeys()
  useConnectedNotice()

  const botKeyNames = useMemo(
    () => new Map((botKeys.data?.items ?? []).map((key) => [key.id, key.name])),
    [botKeys.data],
  )

  if (token.isPending) {
    return (
      <>
        <PageHeader title="Token" />
        <Loading label="Loading token…" lines={4} />
      </>
    )
  }
  if (token.isError) {
    // Foreign and unknown ids both answer 404: the same page as any unknown address.
    if (isApiError(token.error) && (token.error.status === 404 || token.error.status === 400)) {
      return <NotFoundRoute />
    }
    return (
      <>
        <PageHeader title="Token" />
        <QueryError
          title="Could not load this token"
          error={token.error}
          onRetry={() => token.refetch()}
        />
      </>
    )
  }
  return <TokenDetail token={token.data} botKeyNames={botKeyNames} />
}
