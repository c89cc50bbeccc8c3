type SkeletonProps = {
  /** How many placeholder rows (list items or table rows) to draw. */
  rows?: number
}

// Cell widths vary row to row so the placeholder reads as a list, not a grey block.
const ROW_SHAPES = [
  ['wide', 'medium', 'short'],
  ['medium', 'wide', 'short'],
  ['wide', 'short', 'medium'],
] as const

/** Grey placeholder rows in the shape of a list; decorative, so the caller names what loads. */
export function Skeleton({ rows = 3 }: SkeletonProps) {
  return (
    <div className="skeleton-list" aria-hidden="true">
      {Array.from({ length: rows }, (_, row) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders never reorder
        <div key={row} className="skeleton-row">
          {ROW_SHAPES[row % ROW_SHAPES.length]?.map((shape, cell) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders never reorder
            <span key={cell} className={`skeleton skeleton-${shape}`} />
          ))}
        </div>
      ))}
    </div>
  )
}
