import { Loading } from '@/components/ui/loading'
import { RelativeTime } from '@/components/ui/relative-time'
import { useTokenAudit } from '../api/get-token-audit'
import { recentBotKeyUsage } from './bot-key-usage'

type BotKeyUsageListProps = { tokenId: string; botKeyNames: ReadonlyMap<string, string> }

/** Shown before a delete or revoke, so nobody breaks a bot by surprise. */
export function BotKeyUsageList({ tokenId, botKeyNames }: BotKeyUsageListProps) {
  const audit = useTokenAudit(tokenId)
  if (audit.isPending) return <Loading label="Checking which bots use it…" />
  if (audit.isError) return <p className="muted">Could not check which bot keys use it.</p>
  const usage = recentBotKeyUsage(audit.data.items)
  if (usage.length === 0) return <p>No bot key used this token in the last 30 days.</p>
  return (
    <>
      <p>These bot keys used it in the last 30 days and will stop working:</p>
      <ul className="bot-usage-list">
        {usage.map((u) => (
          <li key={u.keyId}>
            <span className="cell-strong" title={u.keyId}>
              {botKeyNames.get(u.keyId) ?? u.name ?? 'another person’s bot key'}
            </span>{' '}
            ({u.count} {u.count === 1 ? 'call' : 'calls'}, last <RelativeTime date={u.lastAt} />)
          </li>
        ))}
      </ul>
    </>
  )
}
