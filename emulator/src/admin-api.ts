import type { Context } from 'hono'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { adminOps, clientView, snapshot, tokenView } from './admin-ops'
import { EmulatorInputError } from './input-error'
import { installationView } from './installer'
import { originGuard } from './middleware'
import { errorJson } from './responses'
import type { EmulatorState } from './state'

/** Unauthenticated by design: loopback-only emulator. See docs/emulator.md. */
export function adminApi(state: EmulatorState): Hono {
  const app = new Hono()
  const ops = adminOps(state)
  app.use('*', originGuard)
  app.use(
    '*',
    bodyLimit({ maxSize: 64 * 1024, onError: (c) => errorJson(c, 413, 'Body too large') }),
  )
  app.onError((err, c) => {
    if (err instanceof EmulatorInputError) return errorJson(c, 400, err.message)
    return errorJson(c, 500, err instanceof Error ? err.message : String(err))
  })

  app.get('/state', (c) => c.json(snapshot(state)))
  app.get('/groups', (c) => c.json([...state.directory.groups.values()]))
  app.post('/groups', async (c) => c.json(ops.createGroup(await body(c)), 201))
  app.get('/users', (c) => c.json([...state.directory.users.values()]))
  app.post('/users', async (c) => c.json(ops.createUser(await body(c)), 201))
  app.get('/rooms', (c) => c.json([...state.directory.rooms.values()]))
  app.post('/rooms', async (c) => c.json(ops.createRoom(await body(c)), 201))

  app.get('/clients', (c) => c.json(state.clients.list().map(clientView)))
  app.post('/clients', async (c) => c.json(ops.registerClient(await body(c)), 201))
  app.delete('/clients/:id', (c) => {
    const removed = state.removeClient(c.req.param('id'))
    if (!removed) return errorJson(c, 404, 'No such client')
    return c.body(null, 204)
  })

  app.get('/installations', (c) =>
    c.json(
      state.clients
        .list()
        .filter((client) => client.installation)
        .map(installationView),
    ),
  )
  app.post('/installations', async (c) => {
    const outcome = await ops.install(await body(c))
    if (outcome.ok) return c.json({ installed: true, ...outcome }, 201)
    const { status, message, callback } = outcome
    const payload = {
      installed: false,
      error: { code: status, message },
      callback: callback ?? null,
    }
    return c.json(payload, status === 400 ? 400 : status === 422 ? 422 : 502)
  })
  app.delete('/installations/:oauthId', async (c) => {
    const outcome = await ops.uninstall(c.req.param('oauthId'))
    return c.json({ uninstalled: true, ...outcome })
  })

  app.get('/tokens', (c) =>
    c.json([...state.tokens.access.values()].map((t) => tokenView(state, t))),
  )
  app.post('/personal-tokens', async (c) => c.json(ops.mintPersonalToken(await body(c)), 201))
  app.post('/room-tokens', async (c) => c.json(ops.mintRoomToken(await body(c)), 201))

  app.get('/counters', (c) => c.json(state.counters()))
  app.get('/faults', (c) => c.json(state.controls.pendingFaults()))
  app.post('/faults', async (c) => {
    const added = ops.setFault(await body(c))
    return c.json({ added, pending: state.controls.pendingFaults() }, 201)
  })
  app.delete('/faults', (c) => {
    state.controls.clearFaults()
    return c.body(null, 204)
  })
  app.get('/latency', (c) => c.json({ ms: state.controls.latencyMs }))
  app.post('/latency', async (c) => c.json(ops.setLatency(await body(c))))
  app.post('/reset', (c) => {
    state.reset()
    return c.json({ reset: true })
  })

  app.notFound((c) => errorJson(c, 404, 'No such admin endpoint'))
  return app
}

/** JSON body; an empty body is {} so `curl -X POST` works for argument-free calls. */
async function body(c: Context): Promise<unknown> {
  const text = await c.req.text()
  if (text.trim() === '') return {}
  try {
    return JSON.parse(text)
  } catch {
    throw new EmulatorInputError('The body must be JSON')
  }
}
