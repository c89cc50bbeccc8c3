/** The refresh chart's series; the colours match `.swatch-*` in overview.css. */
export const REFRESH_SERIES = [
  { key: 'succeeded', name: 'Succeeded', fill: '#1f9d4f' },
  { key: 'failed', name: 'Failed', fill: '#d92d2d' },
  { key: 'retried', name: 'Succeeded after retrying', fill: '#b45309' },
] as const
