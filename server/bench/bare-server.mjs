// The reference for the bench: the smallest Hono JSON route on @hono/node-server, run with plain
// node like the built server. Port from argv; answers /api/health too so the bench can wait on it.
import { serve } from '@hono/node-server'
import { Hono } from 'hono'

const port = Number(process.argv[2])
const app = new Hono()
  .get('/', (c) => c.json({ ok: true }))
  .get('/api/health', (c) => c.json({ ok: true }))
serve({ fetch: app.fetch, port, hostname: '127.0.0.1' })
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0))
