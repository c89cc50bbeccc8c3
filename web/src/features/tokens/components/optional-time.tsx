import { RelativeTime } from '@/components/ui/relative-time'

/** A time in absolute + relative form, or a muted placeholder when there is none. */
export function OptionalTime({ date, empty = 'Never' }: { date: string | null; empty?: string }) {
  return date ? <RelativeTime date={date} /> : <span className="muted">{empty}</span>
}
