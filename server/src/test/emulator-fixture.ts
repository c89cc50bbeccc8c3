import { startEmulator } from '@tokendesk/emulator'

/** A HipChat emulator on a free loopback port, with a group, a user and a room to mint for. */
export async function startTestEmulator(options: Parameters<typeof startEmulator>[0] = {}) {
  const emulator = await startEmulator({ port: 0, ...options })
  const group = emulator.createGroup({ name: 'Test Group' })
  const user = emulator.createUser({ groupId: group.id, name: 'Hip User', mentionName: 'hip' })
  const room = emulator.createRoom({ groupId: group.id, name: 'Ops Room' })
  return { emulator, group, user, room, apiUrl: `${emulator.url}/v2/` }
}

/** Drives the emulator's consent page like a browser would and returns the callback URL. */
export async function approveAtEmulator(
  emulatorUrl: string,
  authorizeUrl: string,
  userId: number,
  decision = 'approve',
) {
  const page = await (await fetch(authorizeUrl)).text()
  const requestId = /name="request_id" value="([^"]+)"/.exec(page)?.[1] ?? ''
  const res = await fetch(`${emulatorUrl}/users/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: emulatorUrl },
    body: new URLSearchParams({ request_id: requestId, user_id: String(userId), decision }),
    redirect: 'manual',
  })
  if (res.status !== 302) throw new Error(`consent answered ${res.status}`)
  return res.headers.get('location') ?? ''
}
