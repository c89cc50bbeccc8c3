import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, errorOf, seedUser, signedIn, type TestApp } from '../../test/test-app'

let t: TestApp
let adminId: string
beforeEach(async () => {
  t = createTestApp()
  adminId = (await seedUser(t, { email: 'admin@example.com', role: 'admin' })).id
})
afterEach(() => t.destroy())

describe('people management', () => {
  it('lets an admin create an owner who can sign in but cannot see people', async () => {
    const admin = await signedIn(t, 'admin@example.com')
    const res = await admin.api.users.$post({
      json: {
        email: 'Owen@Example.com',
        name: 'Owen',
        password: 'initial password',
        role: 'owner',
      },
    })
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({
      email: 'owen@example.com',
      role: 'owner',
      disabled: false,
    })
    const dup = await admin.api.users.$post({
      json: {
        email: 'owen@example.com',
        name: 'Again',
        password: 'initial password',
        role: 'owner',
      },
    })
    expect(dup.status).toBe(409)

    const owner = await signedIn(t, 'owen@example.com', 'initial password')
    expect((await owner.api.users.$get()).status).toBe(404)
    const list = await admin.api.users.$get()
    expect((await list.json()).items.map((u) => u.email)).toEqual([
      'admin@example.com',
      'owen@example.com',
    ])
  })

  it('rejects invalid input with issues and stores nothing', async () => {
    const admin = await signedIn(t, 'admin@example.com')
    const res = await admin.fetch('http://127.0.0.1:8080/api/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'not-an-email', name: '', password: 'short', role: 'root' }),
    })
    expect(res.status).toBe(400)
    const error = await errorOf(res)
    expect(error.code).toBe('validation_failed')
    expect(error.issues?.map((i) => i.path).sort()).toEqual(['email', 'name', 'password', 'role'])
    expect((await (await admin.api.users.$get()).json()).items).toHaveLength(1)
  })

  it('disabling an account ends its sessions and blocks sign-in', async () => {
    const admin = await signedIn(t, 'admin@example.com')
    const owen = await seedUser(t, { email: 'owen@example.com' })
    const owner = await signedIn(t, 'owen@example.com')
    const res = await admin.api.users[':id'].$patch({
      param: { id: owen.id },
      json: { disabled: true },
    })
    expect(res.status).toBe(200)
    expect((await owner.api.auth.me.$get()).status).toBe(401)
    const again = await t.agent().api.auth.login.$post({
      json: { email: 'owen@example.com', password: 'correct horse battery' },
    })
    expect(again.status).toBe(403)
  })

  it('protects the last admin and the admin themself', async () => {
    const admin = await signedIn(t, 'admin@example.com')
    const self = await admin.api.users[':id'].$patch({
      param: { id: adminId },
      json: { disabled: true },
    })
    expect(self.status).toBe(409)
    const demote = await admin.api.users[':id'].$patch({
      param: { id: adminId },
      json: { role: 'owner' },
    })
    expect(demote.status).toBe(409)
    expect((await errorOf(demote)).code).toBe('last_admin')
    const second = await seedUser(t, { email: 'second@example.com', role: 'admin' })
    const ok = await admin.api.users[':id'].$patch({
      param: { id: second.id },
      json: { role: 'owner' },
    })
    expect(ok.status).toBe(200)
  })

  it('answers 404 for unknown and malformed ids and mass-assigned fields fail', async () => {
    const admin = await signedIn(t, 'admin@example.com')
    const unknown = await admin.api.users[':id'].$patch({
      param: { id: 'nope' },
      json: { role: 'admin' },
    })
    expect(unknown.status).toBe(404)
    const weird = await admin.fetch('http://127.0.0.1:8080/api/users/1%20OR%201=1', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'admin' }),
    })
    expect(weird.status).toBe(404)
    const owen = await seedUser(t, { email: 'owen@example.com' })
    const mass = await admin.fetch(`http://127.0.0.1:8080/api/users/${owen.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'evil@example.com', passwordHash: 'x' }),
    })
    expect(mass.status).toBe(400)
  })
})
