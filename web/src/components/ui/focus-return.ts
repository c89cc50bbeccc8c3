/**
 * The element focused last, even after it lost focus without another taking it: a submit button
 * disabled while its request runs drops focus to <body>, and a dialog opened when the request
 * is done should still give focus back to that button.
 */
let lastFocused: Element | null = null
if (typeof document !== 'undefined')
  document.addEventListener('focusin', (event) => {
    if (event.target instanceof Element) lastFocused = event.target
  })

/** What opened a dialog about to open: the focused element, or the one focused last. */
export function openerOf(doc: Document) {
  const active = doc.activeElement
  return active && active !== doc.body ? active : lastFocused
}

/** Gives focus back to the opener, or to `fallback()` when the opener has gone. */
export function returnFocus(
  opener: Element | null,
  fallback: (() => HTMLElement | null) | undefined,
) {
  const target =
    opener instanceof HTMLElement && opener.isConnected && !opener.closest('dialog:not([open])')
      ? opener
      : (fallback?.() ?? null)
  target?.focus()
}
