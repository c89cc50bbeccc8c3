import { Link } from 'react-router-dom'
import { PageHeader } from '@/components/ui/page-header'
import { paths } from '@/config/paths'
import { BotApiDocs } from '@/features/bot-keys/components/bot-api-docs'

export function BotKeyDocsRoute() {
  return (
    <>
      <PageHeader
        title="Bot API docs"
        description="How a bot fetches a current access token with its bot key."
        actions={<Link to={paths.botKeys.getHref()}>Back to bot keys</Link>}
      />
      <BotApiDocs />
    </>
  )
}
