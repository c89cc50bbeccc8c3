import type { TokenStatus } from '@tokendesk/shared/schemas/token'

type Shape = (cx: number, cy: number, r: number) => string

const circle: Shape = (cx, cy, r) =>
  `M${cx - r},${cy}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0Z`

const polygon = (cx: number, cy: number, points: Array<[number, number]>) =>
  `M${points.map(([x, y]) => `${cx + x},${cy + y}`).join('L')}Z`

function cross(cx: number, cy: number, r: number) {
  const e = r * 1.05
  const t = r * 0.42
  return polygon(cx, cy, [
    [-e, -e + t],
    [-e + t, -e],
    [0, -t],
    [e - t, -e],
    [e, -e + t],
    [t, 0],
    [e, e - t],
    [e - t, e],
    [0, t],
    [-e + t, e],
    [-e, e - t],
    [-t, 0],
  ])
}

/** A distinct shape per status, so the timeline never relies on colour alone. */
const SHAPES: Record<TokenStatus, Shape> = {
  valid: circle,
  expiring: (cx, cy, r) =>
    polygon(cx, cy, [
      [0, -r * 1.2],
      [r * 1.15, r * 0.85],
      [-r * 1.15, r * 0.85],
    ]),
  expired: cross,
  needs_reauth: (cx, cy, r) =>
    polygon(cx, cy, [
      [0, -r * 1.3],
      [r * 1.3, 0],
      [0, r * 1.3],
      [-r * 1.3, 0],
    ]),
  revoked: (cx, cy, r) =>
    polygon(cx, cy, [
      [-r * 0.9, -r * 0.9],
      [r * 0.9, -r * 0.9],
      [r * 0.9, r * 0.9],
      [-r * 0.9, r * 0.9],
    ]),
  unknown_expiry: (cx, cy, r) => circle(cx, cy, r * 0.8),
}

export function markPath(status: TokenStatus, cx: number, cy: number, r: number) {
  return SHAPES[status](cx, cy, r)
}

export function markClass(status: TokenStatus) {
  return `status-mark status-mark-${status}`
}

/** The status's chart shape and colour, as a small decorative icon beside its text label. */
export function StatusIcon({ status }: { status: TokenStatus }) {
  return (
    <svg className="status-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
      <path className={markClass(status)} d={markPath(status, 8, 8, 5.5)} />
    </svg>
  )
}
