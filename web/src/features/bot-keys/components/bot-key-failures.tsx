import type { BotKeyView } from '@tokendesk/shared/schemas/bot-key'
import { Loading } from '@/components/ui/loading'
import { QueryError } from '@/components/ui/query-error'
import { RelativeTime } from '@/components/ui/relative-time'
import { useBotKeyFailures } from '../api/get-bot-key-failures'
import { refusalPhrase } from './refusal-phrases'

/** A key's recent refused calls: what a bot author debugging "why 404?" looks at. */
export function BotKeyFailures({ botKey }: { botKey: BotKeyView }) {
  const failures = useBotKeyFailures(botKey.id)
  const headingId = `refused-${botKey.id}`
  const labelOf = (tokenId: string | null) =>
    tokenId === null ? null : (botKey.tokens.find((t) => t.id === tokenId)?.label ?? null)
  return (
    <section className="refused-calls" aria-labelledby={headingId}>
      <h3 id={headingId} className="refused-calls-title">
        Recent refused calls of “{botKey.name}”
      </h3>
      {failures.isPending ? (
        <Loading label="Loading refused calls…" lines={2} />
      ) : failures.isError ? (
        <QueryError
          title="Could not load refused calls"
          error={failures.error}
          onRetry={() => failures.refetch()}
        />
      ) : failures.data.items.length === 0 ? (
        <p className="muted">No refused calls recorded.</p>
      ) : (
        <>
          <p className="muted">
            The newest first; at most 10 a minute are kept. Calls with an unknown key cannot be told
            apart from anyone else’s and are not listed.
          </p>
          <ul className="refused-list">
            {failures.data.items.map((f) => {
              const label = labelOf(f.tokenId)
              return (
                <li key={`${f.at}-${f.status}-${f.code}-${f.tokenId}`}>
                  <span className="refused-status">{f.status}</span>{' '}
                  <span>{refusalPhrase(f.code)}</span>
                  <span className="cell-note">
                    <RelativeTime date={f.at} />
                    {f.tokenId ? (
                      <>
                        {' '}
                        · token <code className="break-all">{f.tokenId}</code>
                        {label ? ` (${label})` : null}
                      </>
                    ) : null}
                    {f.ip ? ` · from ${f.ip}` : null}
                  </span>
                </li>
              )
            })}
          </ul>
        </>
      )}
    </section>
  )
}
