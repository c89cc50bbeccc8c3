import { copyText } from './clipboard'

/** How long a copied secret stays on the clipboard. */
export const CLEAR_AFTER_MS = 60_000

/**
 * What happened when the time was up: `cleared`; `changed` (something else was copied since, so
 * it was left alone); `unreadable` (the browser would not let us read the clipboard back, so we
 * could not tell whether it still held the value and left it).
 */
export type ClearOutcome = 'cleared' | 'changed' | 'unreadable'

let pending: { timer: number; stop: () => void } | null = null

/**
 * Reading the clipboard needs the page to have focus (Chromium): waits for it if need be.
 * Returns what stops the waiting.
 */
function whenFocused(run: () => void): () => void {
  if (document.hasFocus()) {
    run()
    return () => {}
  }
  const onFocus = () => {
    window.removeEventListener('focus', onFocus)
    run()
  }
  window.addEventListener('focus', onFocus)
  return () => window.removeEventListener('focus', onFocus)
}

async function clearIfStill(value: string): Promise<ClearOutcome> {
  const clipboard = navigator.clipboard
  if (!clipboard?.readText) return 'unreadable'
  let current: string
  try {
    current = await clipboard.readText()
  } catch {
    return 'unreadable'
  }
  if (current !== value) return 'changed'
  try {
    await clipboard.writeText('')
  } catch {
    return 'unreadable'
  }
  return 'cleared'
}

/**
 * Copies `value`, then after CLEAR_AFTER_MS empties the clipboard if it still holds it. Only the
 * latest copy is watched: a newer one cancels the older one's clearing, it is gone anyway.
 */
export async function copyThenClear(
  value: string,
  onOutcome: (outcome: ClearOutcome) => void,
  afterMs = CLEAR_AFTER_MS,
) {
  await copyText(value)
  pending?.stop()
  let unwatch: (() => void) | undefined
  const timer = window.setTimeout(() => {
    unwatch = whenFocused(() => {
      pending = null
      void clearIfStill(value).then(onOutcome)
    })
  }, afterMs)
  pending = {
    timer,
    stop: () => {
      window.clearTimeout(timer)
      unwatch?.()
    },
  }
}

/** Forgets any clearing still to come (tests). */
export function cancelClipboardClear() {
  pending?.stop()
  pending = null
}
