import { startEmulator } from '../emulator'

/** A HipChat emulator on a free loopback port, with a group, a user and a room to mint for. */
export async function startTestEmulator(options: Parameters<typeof startEmulator>[0] = {}) {
  const emulator = await startEmulator({ port: 0, ...options })
  const group = emulator.createGroup({ name: 'Test Group' })
  const user = emulator.createUser({ groupId: group.id, name: 'Hip User', mentionName: 'hip' })
  const room = emulator.createRoom({ groupId: group.id, name: 'Ops Room' })
  return { emulator, group, user, room, apiUrl: `${emulator.url}/v2/` }
}
