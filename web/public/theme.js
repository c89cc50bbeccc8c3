// Applies the remembered theme before first paint: a blocking, same-origin script, as the CSP
// allows no inline script. Mirrors src/components/layouts/theme.ts; keep the two in step.
;(() => {
  const KEY = 'tokendesk-theme'
  const query = window.matchMedia?.('(prefers-color-scheme: dark)')
  const choice = () => {
    try {
      const value = window.localStorage.getItem(KEY)
      return value === 'light' || value === 'dark' ? value : 'system'
    } catch {
      return 'system'
    }
  }
  const apply = () => {
    const chosen = choice()
    const dark = chosen === 'dark' || (chosen === 'system' && Boolean(query?.matches))
    document.documentElement.setAttribute('data-theme', dark ? 'dark' : 'light')
  }
  apply()
  query?.addEventListener?.('change', apply)
  window.addEventListener('storage', (event) => {
    if (event.key === KEY || event.key === null) apply()
  })
})()
