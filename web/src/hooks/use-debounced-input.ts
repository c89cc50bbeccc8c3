import { useEffect, useRef, useState } from 'react'

/**
 * Text input state that commits (e.g. to the URL) once typing pauses, and follows the committed
 * value when it changes from elsewhere (a "Clear filters" button, back navigation).
 */
export function useDebouncedInput(
  committed: string,
  onCommit: (value: string) => void,
  delayMs = 300,
) {
  const [value, setValue] = useState(committed)
  const sent = useRef(committed)

  useEffect(() => {
    if (committed === sent.current) return
    sent.current = committed
    setValue(committed)
  }, [committed])

  useEffect(() => {
    const next = value.trim()
    if (next === sent.current) return
    const id = window.setTimeout(() => {
      sent.current = next
      onCommit(next)
    }, delayMs)
    return () => window.clearTimeout(id)
  }, [value, onCommit, delayMs])

  return [value, setValue] as const
}
