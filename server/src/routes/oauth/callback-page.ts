import { html } from 'hono/html'

/** A plain page for the ends of an authorization round trip; no script, so the CSP holds. */
export function callbackPage(title: string, message: string, back = '/installations') {
  return html`<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>${title} · Token Desk</title><meta name="viewport" content="width=device-width" /></head>
  <body>
    <main>
      <h1>${title}</h1>
      <p>${message}</p>
      <p><a href="${back}">Back to Token Desk</a></p>
    </main>
  </body>
</html>`
}
