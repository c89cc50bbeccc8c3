/**
 * Test-only crash points of a refresh (docs/security.md, the K2/K3/K4 crash points). Armed only when the server runs
 * with TOKENDESK_TEST_FAULTS=1 outside production and TOKENDESK_FAULT_AT names the point.
 */
export type FaultPoint = 'after_claim' | 'after_provider' | 'after_write'

export type FaultHook = (point: FaultPoint) => void

export const noFaults: FaultHook = () => {}

export function killAt(target: string | undefined): FaultHook {
  if (!target) return noFaults
  return (point) => {
    if (point === target) process.kill(process.pid, 'SIGKILL')
  }
}
