import type { Server, ServerResponse } from 'node:http'

/**
 * Lets an HTTP server drain: `drain()` stops accepting connections and resolves once every
 * request in flight has been answered and its connection closed. `server.close()` alone leaves
 * keep-alive connections open (and serving) for as long as clients keep them, so responses
 * written while draining say `Connection: close`, and connections that fall idle are closed.
 * Call `drainable` when the server is created, so it sees every request.
 */
export function drainable(server: Server) {
  const open = new Set<ServerResponse>()
  let draining: Promise<void> | null = null

  const closeIdle = () => setImmediate(() => server.closeIdleConnections())

  // Before the app's own listener, so a request arriving while draining gets the header first.
  server.prependListener('request', (_req, res: ServerResponse) => {
    if (draining) res.setHeader('Connection', 'close')
    open.add(res)
    res.once('close', () => {
      open.delete(res)
      if (draining) closeIdle()
    })
  })

  return {
    /** Requests being answered right now. */
    inFlight: () => open.size,
    drain() {
      if (draining) return draining
      draining = new Promise<void>((resolve) => {
        // The callback fires once the last connection has closed (or at once if none is open).
        server.close(() => resolve())
      })
      for (const res of open) if (!res.headersSent) res.setHeader('Connection', 'close')
      server.closeIdleConnections()
      return draining
    },
  }
}

export type Drainable = ReturnType<typeof drainable>
