import type { DeliveryView } from '@tokendesk/shared/schemas/notification'
import { EmptyState } from '@/components/ui/empty-state'
import { Loading } from '@/components/ui/loading'
import { QueryError } from '@/components/ui/query-error'
import { RelativeTime } from '@/components/ui/relative-time'
import { type BadgeTone, StatusBadge } from '@/components/ui/status-badge'
import { useToast } from '@/components/ui/use-toast'
import { formatError } from '@/lib/format-error'
import { useWebhookDeliveries } from '../api/get-webhook-deliveries'
import { useRedeliverWebhookDelivery } from '../api/redeliver-webhook-delivery'

const STATUS: Record<DeliveryView['status'], { tone: BadgeTone; label: string }> = {
  delivered: { tone: 'success', label: 'Delivered' },
  pending: { tone: 'warning', label: 'Pending' },
  failed: { tone: 'danger', label: 'Failed' },
}

function When({ delivery }: { delivery: DeliveryView }) {
  if (delivery.deliveredAt) return <RelativeTime date={delivery.deliveredAt} />
  if (delivery.status === 'pending' && delivery.nextAttemptAt) {
    return (
      <>
        Next try <RelativeTime date={delivery.nextAttemptAt} />
      </>
    )
  }
  return <span className="muted">Gave up</span>
}

/** Queues a finished delivery again; a pending one is on its way already. */
function RedeliverButton({ webhookId, delivery }: { webhookId: string; delivery: DeliveryView }) {
  const redeliver = useRedeliverWebhookDelivery()
  const toast = useToast()
  if (delivery.status === 'pending') return <span className="muted">Queued</span>
  const handleClick = () => {
    if (redeliver.isPending) return
    redeliver.mutate(
      { webhookId, deliveryId: delivery.id },
      {
        onSuccess: () =>
          toast.notify(`“${delivery.title}” queued again; it is sent within seconds.`),
        onError: (error) => toast.notify(`Could not redeliver: ${formatError(error)}`, 'error'),
      },
    )
  }
  return (
    <button
      type="button"
      className="button button-secondary button-small"
      aria-disabled={redeliver.isPending || undefined}
      onClick={handleClick}
    >
      Redeliver<span className="visually-hidden"> “{delivery.title}”</span>
    </button>
  )
}

export function WebhookDeliveries({ webhookId, url }: { webhookId: string; url: string }) {
  const deliveries = useWebhookDeliveries(webhookId)

  if (deliveries.isPending) return <Loading label="Loading deliveries…" />
  if (deliveries.isError) {
    return (
      <QueryError
        title="Could not load deliveries"
        error={deliveries.error}
        onRetry={() => deliveries.refetch()}
      />
    )
  }
  if (deliveries.data.items.length === 0) {
    return (
      <EmptyState title="No deliveries yet">
        Alerts are sent here as they happen: when a token nears expiry or a refresh fails.
      </EmptyState>
    )
  }
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Deliveries to {url}</caption>
        <thead>
          <tr>
            <th scope="col">Alert</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last answer</th>
            <th scope="col">Queued</th>
            <th scope="col">Delivered</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {deliveries.data.items.map((d) => (
            <tr key={d.id}>
              <th scope="row">{d.title}</th>
              <td>
                <StatusBadge tone={STATUS[d.status].tone}>{STATUS[d.status].label}</StatusBadge>
              </td>
              <td>{d.attempts}</td>
              <td>
                {d.lastStatus !== null ? `HTTP ${d.lastStatus}` : null}
                {d.lastError ? <span className="cell-note">{d.lastError}</span> : null}
                {d.lastStatus === null && !d.lastError ? <span className="muted">None</span> : null}
              </td>
              <td>
                <RelativeTime date={d.createdAt} />
              </td>
              <td>
                <When delivery={d} />
              </td>
              <td>
                <RedeliverButton webhookId={webhookId} delivery={d} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
