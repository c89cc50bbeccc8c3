import { Loading } from './loading'

/** Shown while a page's code chunk loads (lazy routes): a heading bar over a list. */
export function PageLoading() {
  return (
    <div className="page-loading">
      <span className="skeleton skeleton-heading" aria-hidden="true" />
      <Loading label="Loading page…" lines={4} />
    </div>
  )
}
