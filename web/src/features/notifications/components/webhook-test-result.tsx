import type { WebhookTestResult } from '@tokendesk/shared/schemas/notification'
import { Alert } from '@/components/ui/alert'

/** What the receiver made of a test event, in words. */
export function WebhookTestResultNotice({ result }: { result: WebhookTestResult }) {
  if (result.ok) {
    return (
      <Alert tone="success" title="Test event delivered">
        The receiver answered HTTP {result.status} in {result.durationMs} ms.
      </Alert>
    )
  }
  return (
    <Alert tone="warning" title="Test event not delivered">
      {result.status !== null
        ? `The receiver answered HTTP ${result.status} (${result.durationMs} ms); Token Desk counts only a 2xx answer as delivered.`
        : `No answer: ${result.error ?? 'the request failed'}.`}
    </Alert>
  )
}
