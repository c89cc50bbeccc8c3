import { useCallback } from 'react'
import { copyText } from '@/lib/clipboard'
import { type ClearOutcome, copyThenClear } from '@/lib/clipboard-clear'
import { formatError } from '@/lib/format-error'
import { useToast } from './use-toast'

const AFTER_CLEARING: Record<ClearOutcome, { message: string; tone: 'info' | 'error' } | null> = {
  cleared: { message: 'The clipboard was cleared.', tone: 'info' },
  // Something else was copied since: that is the person's, not ours to clear.
  changed: null,
  unreadable: {
    message:
      'The clipboard was not cleared: this browser did not let Token Desk read it back. Clear it yourself if it still holds the secret.',
    tone: 'error',
  },
}

/**
 * Copies text and says so. A `secret` is cleared from the clipboard after a minute if it is still
 * there, and the message says that too. Resolves to whether the copy worked.
 */
export function useCopy() {
  const toast = useToast()
  return useCallback(
    async (value: string, label: string, { secret = false } = {}) => {
      try {
        if (secret) {
          await copyThenClear(value, (outcome) => {
            const said = AFTER_CLEARING[outcome]
            if (said) toast.notify(said.message, said.tone)
          })
          toast.notify(`${label} copied; the clipboard is cleared in 1 minute.`)
        } else {
          await copyText(value)
          toast.notify(`${label} copied to the clipboard.`)
        }
        return true
      } catch (error) {
        toast.notify(`Could not copy: ${formatError(error)} Select the text instead.`, 'error')
        return false
      }
    },
    [toast],
  )
}
