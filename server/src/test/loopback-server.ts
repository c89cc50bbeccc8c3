import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll } from 'vitest'

/**
 * A plain HTTP server on 127.0.0.1 for the suite (started before, closed after), handing each
 * request and its whole body to `handle`. `origin()` is valid once the suite has started.
 */
export function useLoopbackServer(
  handle: (req: IncomingMessage, res: ServerResponse, body: string) => void,
) {
  const server = createServer(async (req, res) => {
    let body = ''
    for await (const chunk of req) body += chunk
    handle(req, res, body)
  })
  let origin = ''
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => {
    server.closeAllConnections()
    server.close()
  })
  return { origin: () => origin, server }
}
