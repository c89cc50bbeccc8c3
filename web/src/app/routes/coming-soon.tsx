import { PageHeader } from '@/components/ui/page-header'
import { StatusBadge } from '@/components/ui/status-badge'

const SECTIONS = {
  tokens: {
    title: 'Tokens',
    description: 'Every access token you own or that is shared with you, with its expiry.',
    plan: 'Paste personal and room notification tokens, see an absolute and relative expiry and a status for each, refresh them, and share them with trusted colleagues.',
  },
  installations: {
    title: 'Installations',
    description: 'Add-on installations and the client credentials Token Desk holds for them.',
    plan: 'Installations will be created by the provider’s install callback or registered by hand, then verified and used to mint add-on tokens.',
  },
  addons: {
    title: 'Add-ons',
    description: 'Add-ons you define, with the capabilities descriptor Token Desk serves for them.',
    plan: 'Define an add-on’s key, name and scopes and get a public descriptor URL to install it with.',
  },
  botKeys: {
    title: 'Bot keys',
    description: 'Keys that let your bots fetch a current access token over HTTP.',
    plan: 'Create a key bound to chosen tokens; a bot uses it to fetch a fresh access token, never a refresh token or secret.',
  },
  audit: {
    title: 'Audit',
    description: 'A record of sign-ins, reveals, refreshes, shares and revocations.',
    plan: 'Every sensitive action will leave an event here, without any secret values.',
  },
} as const

export type ComingSoonSection = keyof typeof SECTIONS

/** Placeholder for capabilities still being built, so navigation never leads nowhere. */
export function ComingSoonRoute({ section }: { section: ComingSoonSection }) {
  const { title, description, plan } = SECTIONS[section]
  return (
    <>
      <PageHeader title={title} description={description} />
      <section className="card coming-soon" aria-labelledby="coming-soon-heading">
        <StatusBadge tone="info">Coming soon</StatusBadge>
        <h2 id="coming-soon-heading">This page is not ready yet</h2>
        <p>{plan}</p>
      </section>
    </>
  )
}
