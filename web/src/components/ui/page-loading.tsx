import { Loading } from './loading'

/** Shown while a page's code chunk loads (lazy routes). */
export function PageLoading() {
  return (
    <div className="page-loading">
      <Loading label="Loading page…" />
    </div>
  )
}
