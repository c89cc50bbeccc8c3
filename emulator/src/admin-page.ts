import type { Context } from 'hono'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { html } from 'hono/html'
import { adminOps, snapshot } from './admin-ops'
import { dashboard } from './admin-view'
import { EmulatorInputError } from './input-error'
import { page } from './layout'
import { originGuard } from './middleware'
import type { EmulatorState } from './state'

type Form = Record<string, string | File | (string | File)[]>

/** The HTML admin page: plain forms, each answered by a result page. */
export function adminPage(state: EmulatorState): Hono {
  const app = new Hono()
  const ops = adminOps(state)
  app.use('*', originGuard)
  app.use('*', bodyLimit({ maxSize: 64 * 1024 }))
  app.onError((err, c) => {
    const status = err instanceof EmulatorInputError ? 400 : 500
    const body = html`<section><p class="error">${err.message}</p><p><a href="/admin">Back</a></p></section>`
    return page(c, 'Failed', body, status)
  })

  app.get('/', (c) => page(c, 'HipChat emulator admin', dashboard(snapshot(state))))

  const action = (path: string, run: (form: Form) => Promise<unknown> | unknown, title: string) =>
    app.post(path, async (c) => result(c, title, await run(await c.req.parseBody({ all: true }))))

  action('/groups', (f) => ops.createGroup(f), 'Group created')
  action('/users', (f) => ops.createUser(f), 'User created')
  action('/rooms', (f) => ops.createRoom(f), 'Room created')
  action('/personal-token', (f) => ops.mintPersonalToken(f), 'Personal token minted')
  action('/room-token', (f) => ops.mintRoomToken(f), 'Room notification token minted')
  action('/fault', (f) => ops.setFault(f), 'Fault queued')
  action('/latency', (f) => ops.setLatency(f), 'Latency set')
  action('/uninstall', (f) => ops.uninstall(String(f.oauthId ?? '')), 'Add-on uninstalled')
  action(
    '/reset',
    () => {
      state.reset()
      return { reset: true }
    },
    'State reset',
  )
  app.post('/install', async (c) => {
    const form = await c.req.parseBody()
    const [kind, id] = String(form.target ?? '').split(':')
    const outcome = await ops.install({
      descriptorUrl: form.descriptorUrl,
      ...(kind === 'room' ? { roomId: id } : { groupId: id }),
    })
    return result(
      c,
      outcome.ok ? 'Add-on installed' : 'Installation failed',
      outcome,
      outcome.ok ? 200 : 400,
    )
  })

  return app
}

function result(c: Context, title: string, value: unknown, status = 200) {
  const body = html`<section>
<p>Copy anything you need now: token values are not shown again.</p>
<pre>${JSON.stringify(value, null, 2)}</pre>
<p><a href="/admin">Back to the admin page</a></p>
</section>`
  return page(c, title, body, status)
}
