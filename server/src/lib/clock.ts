/** Milliseconds since the epoch. Services take a Clock so expiry logic is testable without sleeps. */
export type Clock = () => number

export const systemClock: Clock = () => Date.now()

export function fakeClock(start = Date.parse('2026-01-01T00:00:00Z')) {
  let now = start
  const clock: Clock & { advance(ms: number): void; set(ms: number): void } = Object.assign(
    () => now,
    {
      advance: (ms: number) => {
        now += ms
      },
      set: (ms: number) => {
        now = ms
      },
    },
  )
  return clock
}
