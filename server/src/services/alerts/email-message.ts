import type { notifications } from '../../db/schema'

type NotificationRow = typeof notifications.$inferSelect

/** Paths of the web app that alert emails link to. */
const tokenPage = (id: string) => `/tokens/${encodeURIComponent(id)}`
const ALERT_SETTINGS_PAGE = '/settings/alerts'

// Token labels are chosen by people: no line breaks may reach a header.
const oneLine = (s: string) => s.replace(/[\r\n\t\u2028\u2029]+/g, ' ').trim()

function detailLines(n: NotificationRow): string[] {
  const d = n.detail ?? {}
  const lines: string[] = []
  if (typeof d.expiresAt === 'string') {
    lines.push(`Expires: ${new Date(d.expiresAt).toUTCString()}`)
  }
  if (typeof d.provider === 'string') lines.push(`The provider said: ${oneLine(d.provider)}`)
  if (typeof d.reason === 'string') lines.push(`Reason: ${oneLine(d.reason)}`)
  return lines
}

/**
 * The email for one alert: its title as the subject and a plain-text body with links back to
 * Token Desk. Nothing secret: alerts name tokens, never their values.
 */
export function alertEmail(n: NotificationRow, publicUrl: string) {
  const title = oneLine(n.title)
  const lines = [title, '', ...detailLines(n)]
  if (n.tokenId) lines.push('', `Open the token: ${publicUrl}${tokenPage(n.tokenId)}`)
  lines.push(
    '',
    '--',
    'Token Desk sent this because you get alerts by email.',
    `Change that under Alert settings: ${publicUrl}${ALERT_SETTINGS_PAGE}`,
  )
  return { subject: `[Token Desk] ${title}`, text: `${lines.join('\n')}\n` }
}
