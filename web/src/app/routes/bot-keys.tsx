import { useState } from 'react'
import { Link } from 'react-router-dom'
import { PageHeader } from '@/components/ui/page-header'
import { paths } from '@/config/paths'
import {
  BotKeyCreatedDialog,
  type CreatedKey,
} from '@/features/bot-keys/components/bot-key-created-dialog'
import { BotKeysList } from '@/features/bot-keys/components/bot-keys-list'
import { CreateBotKeyForm } from '@/features/bot-keys/components/create-bot-key-form'

export function BotKeysRoute() {
  const [created, setCreated] = useState<CreatedKey | null>(null)
  return (
    <>
      <PageHeader
        title="Bot keys"
        description="Keys that let your bots fetch a current access token over HTTP, never a refresh token or secret."
        actions={<Link to={paths.botKeyDocs.getHref()}>Bot API docs</Link>}
      />
      <section className="card" aria-labelledby="create-key-heading">
        <h2 id="create-key-heading">Create a bot key</h2>
        <CreateBotKeyForm onCreated={setCreated} />
      </section>
      <section className="card" aria-labelledby="keys-heading">
        <h2 id="keys-heading">Your bot keys</h2>
        <BotKeysList />
      </section>
      <BotKeyCreatedDialog created={created} onClose={() => setCreated(null)} />
    </>
  )
}
