import { EmptyState } from '@/components/ui/empty-state'
import { Loading } from '@/components/ui/loading'
import { QueryError } from '@/components/ui/query-error'
import { useWebhooks } from '../api/get-webhooks'
import { WebhookItem } from './webhook-item'

export function WebhooksList() {
  const webhooks = useWebhooks()

  if (webhooks.isPending) return <Loading label="Loading webhooks…" lines={2} />
  if (webhooks.isError) {
    return (
      <QueryError
        title="Could not load webhooks"
        error={webhooks.error}
        onRetry={() => webhooks.refetch()}
      />
    )
  }
  if (webhooks.data.items.length === 0) {
    return (
      <EmptyState title="No webhooks yet">
        Add a URL above to receive every alert as a signed JSON POST.
      </EmptyState>
    )
  }
  return (
    <ul className="card-list">
      {webhooks.data.items.map((webhook) => (
        <WebhookItem key={webhook.id} webhook={webhook} />
      ))}
    </ul>
  )
}
