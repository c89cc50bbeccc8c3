import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createAdaptorServer } from '@hono/node-server'
import { createEmulatorApp, createEmulatorState } from './app'
import type { EmulatorOptions } from './config'
import { baseUrlFor } from './config'
import type { EmulatorState } from './state'

export { createEmulatorApp, createEmulatorState } from './app'
export type { CapabilitiesDocument } from './capabilities'
export type { EmulatorOptions } from './config'
export type { Counters, FaultMode, FaultSpec } from './controls'
export type { Group, Room, User } from './directory'
export type { SessionDocument, TokenResponse } from './responses'
export type { Scope } from './scopes'
export { ALL_SCOPES } from './scopes'
export type {
  EmulatorState,
  MintPersonalInput,
  MintRoomInput,
  RegisterClientInput,
  RegisteredClient,
} from './state'

export interface RunningEmulator {
  /** e.g. http://127.0.0.1:4010, no trailing slash. */
  url: string
  capabilitiesUrl: string
  state: EmulatorState
  close(): Promise<void>
  createGroup: EmulatorState['createGroup']
  createUser: EmulatorState['createUser']
  createRoom: EmulatorState['createRoom']
  registerClient: EmulatorState['registerClient']
  mintPersonalToken: EmulatorState['mintPersonalToken']
  mintRoomToken: EmulatorState['mintRoomToken']
  counters: EmulatorState['counters']
  setFault: EmulatorState['setFault']
  setLatency: EmulatorState['setLatency']
  reset: EmulatorState['reset']
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const state = createEmulatorState(options)
  const app = createEmulatorApp(state)
  const server = createAdaptorServer({ fetch: app.fetch }) as Server
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(state.config.port, state.config.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  state.baseUrl = baseUrlFor(state.config.host, port)

  let closing: Promise<void> | undefined
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      // Wake hung and delayed requests first, then drop every socket so close() cannot stall.
      state.shutdown.abort()
      server.close(() => resolve())
      server.closeAllConnections()
    })
    return closing
  }

  return {
    url: state.baseUrl,
    capabilitiesUrl: `${state.baseUrl}/v2/capabilities`,
    state,
    close,
    createGroup: (input) => state.createGroup(input),
    createUser: (input) => state.createUser(input),
    createRoom: (input) => state.createRoom(input),
    registerClient: (input) => state.registerClient(input),
    mintPersonalToken: (input) => state.mintPersonalToken(input),
    mintRoomToken: (input) => state.mintRoomToken(input),
    counters: () => state.counters(),
    setFault: (spec) => state.setFault(spec),
    setLatency: (ms) => state.setLatency(ms),
    reset: () => state.reset(),
  }
}
