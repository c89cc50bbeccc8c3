/** The shell variable the token page's snippets read the bot key from: the key is never shown again. */
export const BOT_KEY_VARIABLE = '$TOKENDESK_BOT_KEY'

/** A `curl` line that fetches a token's current value with a bot key (or a variable holding it). */
export function botCurl(key: string, tokenId: string, origin = window.location.origin) {
  return `curl -H "Authorization: Bearer ${key}" ${origin}/api/v1/tokens/${tokenId}/access`
}
