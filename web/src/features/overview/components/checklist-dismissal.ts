import { useCallback, useState } from 'react'

export const CHECKLIST_STORAGE_KEY = 'tokendesk-getting-started'

function readDismissed() {
  try {
    return window.localStorage.getItem(CHECKLIST_STORAGE_KEY) === 'dismissed'
  } catch {
    return false
  }
}

/** Whether this browser's admin hid the getting-started checklist, and a way to hide it. */
export function useChecklistDismissal() {
  const [dismissed, setDismissed] = useState(readDismissed)
  const dismiss = useCallback(() => {
    try {
      window.localStorage.setItem(CHECKLIST_STORAGE_KEY, 'dismissed')
    } catch {
      // Storage disabled: hidden for this visit only.
    }
    setDismissed(true)
  }, [])
  return { dismissed, dismiss }
}
