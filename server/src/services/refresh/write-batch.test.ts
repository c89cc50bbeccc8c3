import { eq, inArray } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { tokens, users } from '../../db/schema'
import { transaction } from '../../db/transaction'
import { createTestApp, insertTokenRow, seedUser, type TestApp } from '../../test/test-app'
import { createWriteBatcher } from './write-batch'

// Counts the transactions the batcher opens; each still runs for real.
vi.mock('../../db/transaction', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../db/transaction')>()
  return { ...actual, transaction: vi.fn(actual.transaction) }
})

let t: TestApp
let ids: string[]
beforeEach(async () => {
  t = createTestApp()
  await seedUser(t, { email: 'ann@example.com' })
  const [ann] = await t.db.select({ id: users.id }).from(users).limit(1)
  ids = []
  for (let i = 0; i < 6; i++)
    ids.push(await insertTokenRow(t, ann?.id ?? '', `T${i}`, 'addon', t.clock() + 60_000))
  vi.mocked(transaction).mockClear()
})
afterEach(() => t.destroy())

const label = (id: string) => (tx: Parameters<Parameters<typeof transaction>[1]>[0]) =>
  tx
    .update(tokens)
    .set({ label: `renamed ${id}` })
    .where(eq(tokens.id, id))
    .returning({ id: tokens.id })
    .then((rows) => rows[0]?.id)

const labels = async () =>
  (
    await t.db
      .select({ id: tokens.id, label: tokens.label })
      .from(tokens)
      .where(inArray(tokens.id, ids))
  ).reduce<Record<string, string>>((m, r) => Object.assign(m, { [r.id]: r.label }), {})

describe('write batcher', () => {
  it('commits writes queued together in one transaction, each answered with its own result once committed', async () => {
    const writes = createWriteBatcher(t.db)
    const results = await Promise.all(
      ids.map((id) =>
        writes.write(label(id)).then(async (got) => {
          // Answered only after the commit: a read outside the transaction sees it.
          const [row] = await t.db
            .select({ label: tokens.label })
            .from(tokens)
            .where(eq(tokens.id, id))
          return { got, label: row?.label }
        }),
      ),
    )
    expect(results).toEqual(ids.map((id) => ({ got: id, label: `renamed ${id}` })))
    expect(vi.mocked(transaction)).toHaveBeenCalledTimes(1)
  })

  it('writes queued while a batch is in its transaction go out together in the next one', async () => {
    const writes = createWriteBatcher(t.db)
    const [a, b, ...rest] = ids as [string, string, ...string[]]
    let inside = () => {}
    const entered = new Promise<void>((r) => {
      inside = r
    })
    let open = () => {}
    const gate = new Promise<void>((r) => {
      open = r
    })
    const first = Promise.all([
      writes.write(async (tx) => {
        inside()
        await gate
        return label(a)(tx)
      }),
      writes.write(label(b)),
    ])
    await entered
    const second = Promise.all(rest.map((id) => writes.write(label(id))))
    open()
    expect(await first).toEqual([a, b])
    expect(await second).toEqual(rest)
    expect(vi.mocked(transaction)).toHaveBeenCalledTimes(2)
    expect(Object.values(await labels()).every((l) => l.startsWith('renamed'))).toBe(true)
  })

  it('a write that may wait goes out with the next one that may not, in the same commit', async () => {
    const writes = createWriteBatcher(t.db)
    const [a, b] = ids as [string, string]
    // Would wait a minute on its own: the test would time out if it were not taken along.
    const relaxed = writes.write(label(a), 60_000)
    const urgent = writes.write(label(b))
    expect(await Promise.all([relaxed, urgent])).toEqual([a, b])
    expect(vi.mocked(transaction)).toHaveBeenCalledTimes(1)
  })

  it('a write that fails rolls back only itself: its neighbours are written, one transaction each', async () => {
    const writes = createWriteBatcher(t.db)
    const [bad, ...good] = ids as [string, ...string[]]
    const outcomes = await Promise.allSettled([
      ...good.slice(0, 2).map((id) => writes.write(label(id))),
      writes.write(async (tx) => {
        await label(bad)(tx)
        throw new Error('this write fails')
      }),
      ...good.slice(2).map((id) => writes.write(label(id))),
    ])
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ])
    const after = await labels()
    expect(after[bad]).toBe('T0')
    for (const id of good) expect(after[id]).toBe(`renamed ${id}`)
    // The batch, then each of its six writes on its own.
    expect(vi.mocked(transaction)).toHaveBeenCalledTimes(7)
  })
})
