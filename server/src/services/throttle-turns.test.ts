import { describe, expect, it } from 'vitest'
import type { Db } from '../db/client'
import { inTurn, sweepDue } from './throttle-turns'

const db = () => ({}) as Db

function gate() {
  let open = () => {}
  const opened = new Promise<void>((r) => {
    open = r
  })
  return { open, opened }
}

describe('throttle turns', () => {
  it('runs callers sharing a key one at a time, in arrival order, and others alongside', async () => {
    const d = db()
    const log: string[] = []
    const started = gate()
    const finish = gate()
    const a = inTurn(d, ['ip:1', 'account:x'], async () => {
      log.push('a start')
      started.open()
      await finish.opened
      log.push('a end')
    })
    const b = inTurn(d, ['account:x'], async () => {
      log.push('b')
    })
    const c = inTurn(d, ['ip:2'], async () => {
      log.push('c')
    })
    await Promise.all([started.opened, c])
    expect([...log].sort()).toEqual(['a start', 'c'])
    finish.open()
    await Promise.all([a, b])
    expect(log.slice(2)).toEqual(['a end', 'b'])
  })

  it('never deadlocks callers that name overlapping keys in opposite orders', async () => {
    const d = db()
    const done: number[] = []
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        inTurn(d, i % 2 ? ['k1', 'k2'] : ['k2', 'k1'], async () => {
          await Promise.resolve()
          done.push(i)
        }),
      ),
    )
    expect(done).toHaveLength(20)
  })

  it('releases the key when the caller throws', async () => {
    const d = db()
    await expect(
      inTurn(d, ['k'], async () => {
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(await inTurn(d, ['k'], async () => 'next')).toBe('next')
  })

  it('keeps separate databases apart', async () => {
    const held = gate()
    const one = inTurn(db(), ['k'], () => held.opened)
    expect(await inTurn(db(), ['k'], async () => 'other database')).toBe('other database')
    held.open()
    await one
  })

  it('sweeps at most once a minute per throttle and database', () => {
    const d = db()
    expect(sweepDue(d, 'login', 1_000)).toBe(true)
    expect(sweepDue(d, 'login', 30_000)).toBe(false)
    expect(sweepDue(d, 'uninstall:', 30_000)).toBe(true)
    expect(sweepDue(db(), 'login', 30_000)).toBe(true)
    expect(sweepDue(d, 'login', 61_000)).toBe(true)
  })
})
