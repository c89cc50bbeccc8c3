import { EmulatorInputError } from './input-error'

export interface Group {
  id: number
  name: string
}

export interface User {
  id: number
  groupId: number
  name: string
  mentionName: string
  email: string
}

export interface Room {
  id: number
  groupId: number
  name: string
}

export interface CreateUserInput {
  groupId?: number
  name?: string
  mentionName?: string
  email?: string
}

export interface CreateRoomInput {
  groupId?: number
  name?: string
}

// Distinct id ranges so that a room id passed where a group id belongs fails loudly.
const FIRST_GROUP_ID = 1001
const FIRST_ROOM_ID = 2001
const FIRST_USER_ID = 3001

/** Groups, users and rooms: the "HipChat tenant" side of the emulator. */
export class Directory {
  readonly groups = new Map<number, Group>()
  readonly users = new Map<number, User>()
  readonly rooms = new Map<number, Room>()
  private nextGroup = FIRST_GROUP_ID
  private nextRoom = FIRST_ROOM_ID
  private nextUser = FIRST_USER_ID

  clear(): void {
    this.groups.clear()
    this.users.clear()
    this.rooms.clear()
    this.nextGroup = FIRST_GROUP_ID
    this.nextRoom = FIRST_ROOM_ID
    this.nextUser = FIRST_USER_ID
  }

  createGroup(input: { name?: string } = {}): Group {
    const id = this.nextGroup++
    const group = { id, name: nonEmpty(input.name) ?? `Group ${id}` }
    this.groups.set(id, group)
    return group
  }

  createUser(input: CreateUserInput = {}): User {
    const groupId = this.resolveGroupId(input.groupId)
    const id = this.nextUser++
    const name = nonEmpty(input.name) ?? `User ${id}`
    const mentionName = nonEmpty(input.mentionName) ?? name.replace(/[^A-Za-z0-9]/g, '')
    const email = nonEmpty(input.email) ?? `${mentionName.toLowerCase() || id}@example.test`
    const user = { id, groupId, name, mentionName, email }
    this.users.set(id, user)
    return user
  }

  createRoom(input: CreateRoomInput = {}): Room {
    const groupId = this.resolveGroupId(input.groupId)
    const id = this.nextRoom++
    const room = { id, groupId, name: nonEmpty(input.name) ?? `Room ${id}` }
    this.rooms.set(id, room)
    return room
  }

  requireGroup(id: number): Group {
    const group = this.groups.get(id)
    if (!group) throw new EmulatorInputError(`Unknown group ${id}`)
    return group
  }

  requireRoom(id: number): Room {
    const room = this.rooms.get(id)
    if (!room) throw new EmulatorInputError(`Unknown room ${id}`)
    return room
  }

  requireUser(id: number): User {
    const user = this.users.get(id)
    if (!user) throw new EmulatorInputError(`Unknown user ${id}`)
    return user
  }

  usersOf(groupId: number): User[] {
    return [...this.users.values()].filter((u) => u.groupId === groupId)
  }

  /** An omitted group means the first one, so a seeded emulator needs no ids for quick use. */
  resolveGroupId(groupId: number | undefined): number {
    if (groupId !== undefined) return this.requireGroup(groupId).id
    const first = this.groups.values().next()
    if (first.done) throw new EmulatorInputError('No group exists yet; create one first')
    return first.value.id
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  const v = value?.trim()
  return v ? v : undefined
}
