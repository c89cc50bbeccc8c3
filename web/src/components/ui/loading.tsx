import { Skeleton } from './skeleton'

type LoadingProps = {
  /** What is loading, for assistive technology ("Loading tokens…"); the skeleton is what shows. */
  label?: string
  /** Placeholder rows drawn while content loads. */
  lines?: number
}

export function Loading({ label = 'Loading…', lines = 3 }: LoadingProps) {
  return (
    <div className="loading" role="status" aria-busy="true">
      <span className="visually-hidden">{label}</span>
      <Skeleton rows={lines} />
    </div>
  )
}
