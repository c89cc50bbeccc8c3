import type { Context } from 'hono'
import { html } from 'hono/html'
import type { HtmlEscapedString } from 'hono/utils/html'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>

// No form-action: Chrome applies it to the redirect after the consent form, which leaves the origin.
const CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'"

export function page(
  c: Context,
  title: string,
  body: Html,
  status = 200,
): Response | Promise<Response> {
  c.header('Content-Security-Policy', CSP)
  c.header('Cache-Control', 'no-store')
  return c.html(
    html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · HipChat emulator</title>
<link rel="stylesheet" href="/emulator.css">
</head>
<body>
<main>
<h1>${title}</h1>
${body}
</main>
</body>
</html>`,
    status as ContentfulStatusCode,
  )
}

export const STYLESHEET = `body{font-family:system-ui,sans-serif;margin:0;background:#f4f5f7;color:#172b4d}
main{max-width:60rem;margin:0 auto;padding:1.5rem}
section{background:#fff;border-radius:6px;padding:1rem 1.25rem;margin:1rem 0;box-shadow:0 1px 2px #0002}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #dfe1e6}
label{display:block;margin:.5rem 0 .2rem;font-weight:600}
input,select,button{font:inherit;padding:.35rem .5rem}
button{cursor:pointer;margin:.5rem .5rem 0 0}
pre{background:#f4f5f7;padding:.75rem;overflow:auto}
.error{color:#bf2600}
.inline{display:inline}`
