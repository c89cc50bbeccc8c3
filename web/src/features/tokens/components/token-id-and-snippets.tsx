import type { TokenView } from '@tokendesk/shared/schemas/token'
import { Link } from 'react-router-dom'
import { CopyButton } from '@/components/ui/copy-button'
import { CopyableValue } from '@/components/ui/copyable-value'
import { Loading } from '@/components/ui/loading'
import { paths } from '@/config/paths'
import { BOT_KEY_VARIABLE, botCurl } from '@/lib/bot-curl'
import { useOwnBotKeys } from '../api/get-own-bot-keys'
import { can } from './token-labels'

type TokenIdAndSnippetsProps = { token: Pick<TokenView, 'id' | 'allowed' | 'status'> }

/**
 * What a bot author needs from the token page: the id the bot API takes, and a ready `curl` line
 * for each of the viewer's keys bound to it. A key is shown only once, when it is made, so the
 * lines read it from a shell variable.
 */
export function TokenIdAndSnippets({ token }: TokenIdAndSnippetsProps) {
  const keys = useOwnBotKeys()
  const bound = (keys.data?.items ?? []).filter(
    (k) =>
      k.status === 'active' && k.replacedBy === null && k.tokens.some((t) => t.id === token.id),
  )
  const mayBind = can(token, 'token.bind_key') && token.status !== 'revoked'
  return (
    <section className="card stack" aria-labelledby="bot-use-heading">
      <h2 id="bot-use-heading">Use it from a bot</h2>
      <CopyableValue label="Token id" value={token.id} />
      <p className="muted">
        Bots fetch its current value from the bot API with this id and a bot key.{' '}
        <Link to={paths.botKeyDocs.getHref()}>Bot API docs</Link>
      </p>
      {keys.isPending ? (
        <Loading label="Loading your bot keys…" lines={2} />
      ) : keys.isError ? (
        <p className="muted">Could not load your bot keys.</p>
      ) : bound.length === 0 ? (
        <p>
          None of your bot keys fetches this token.{' '}
          {mayBind ? (
            <Link to={paths.botKeys.getHref()}>Create a bot key for it</Link>
          ) : (
            'You may not bind it to a bot key.'
          )}
        </p>
      ) : (
        <ul className="plain-list stack">
          {bound.map((key) => {
            const line = botCurl(BOT_KEY_VARIABLE, token.id)
            return (
              <li key={key.id} className="snippet">
                <span>
                  With bot key “{key.name}” (<code>{key.keyPrefix}…</code>). Put that key in{' '}
                  <code>TOKENDESK_BOT_KEY</code> first: it was shown only when it was made.
                </span>
                <pre className="code-block">{line}</pre>
                <div className="button-row">
                  <CopyButton
                    value={line}
                    label={`curl line for ${key.name}`}
                    text="Copy curl line"
                    hiddenText={`for bot key ${key.name}`}
                  />
                </div>
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
