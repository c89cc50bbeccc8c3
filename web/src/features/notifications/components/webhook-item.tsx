import type { WebhookView } from '@tokendesk/shared/schemas/notification'
import { useId, useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { ConfirmDialog } from '@/components/ui/confirm-dialog'
import { RelativeTime } from '@/components/ui/relative-time'
import { useToast } from '@/components/ui/use-toast'
import { formatError } from '@/lib/format-error'
import { useDeleteWebhook } from '../api/delete-webhook'
import { useSendWebhookTest } from '../api/send-webhook-test'
import { WebhookDeliveries } from './webhook-deliveries'
import { WebhookTestResultNotice } from './webhook-test-result'

export function WebhookItem({ webhook }: { webhook: WebhookView }) {
  const remove = useDeleteWebhook()
  const test = useSendWebhookTest()
  const toast = useToast()
  const [showLog, setShowLog] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const logId = useId()

  const handleDelete = () => {
    remove.mutate(webhook.id, {
      onSuccess: () => toast.notify('Webhook deleted; nothing more is sent to it.'),
      onError: (error) => toast.notify(`Could not delete: ${formatError(error)}`, 'error'),
      onSettled: () => setConfirming(false),
    })
  }

  return (
    <li className="list-card">
      <h3 className="break">{webhook.url}</h3>
      <p className="muted">
        Added <RelativeTime date={webhook.createdAt} /> · {webhook.delivered} delivered ·{' '}
        {webhook.failed} failed · {webhook.pending} pending
      </p>
      <div className="action-row">
        <button
          type="button"
          className="button button-secondary button-small"
          aria-disabled={test.isPending || undefined}
          onClick={() => {
            if (!test.isPending) test.mutate(webhook.id)
          }}
        >
          {test.isPending ? 'Sending test event…' : 'Send test event'}
          <span className="visually-hidden"> to {webhook.url}</span>
        </button>
        <button
          type="button"
          className="button button-secondary button-small"
          aria-expanded={showLog}
          aria-controls={logId}
          onClick={() => setShowLog((v) => !v)}
        >
          {showLog ? 'Hide deliveries' : 'Show deliveries'}
          <span className="visually-hidden"> for {webhook.url}</span>
        </button>
        <button
          type="button"
          className="button button-danger-outline button-small"
          onClick={() => setConfirming(true)}
        >
          Delete<span className="visually-hidden"> webhook {webhook.url}</span>
        </button>
      </div>
      {/* Always there, so the receiver's answer is announced when it arrives. */}
      <div className="webhook-test-result" aria-live="polite">
        {test.isSuccess ? <WebhookTestResultNotice result={test.data} /> : null}
        {test.isError ? (
          <Alert tone="error" title="Test event not sent">
            {formatError(test.error)}
          </Alert>
        ) : null}
      </div>
      <div id={logId} hidden={!showLog}>
        {showLog ? <WebhookDeliveries webhookId={webhook.id} url={webhook.url} /> : null}
      </div>
      <ConfirmDialog
        open={confirming}
        title="Delete this webhook?"
        confirmLabel="Delete webhook"
        tone="danger"
        busy={remove.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={handleDelete}
      >
        <p>
          Token Desk stops sending alerts to <span className="break">{webhook.url}</span> and
          forgets its delivery log.
        </p>
      </ConfirmDialog>
    </li>
  )
}
