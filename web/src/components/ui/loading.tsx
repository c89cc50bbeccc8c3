type LoadingProps = {
  label?: string
  /** Grey placeholder lines shown under the label while content loads. */
  lines?: number
}

export function Loading({ label = 'Loading…', lines = 0 }: LoadingProps) {
  return (
    <div className="loading" aria-busy="true" aria-live="polite">
      <p className="loading-label">
        <span className="spinner" aria-hidden="true" />
        {label}
      </p>
      {Array.from({ length: lines }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders never reorder
        <div key={i} className="skeleton" aria-hidden="true" />
      ))}
    </div>
  )
}
