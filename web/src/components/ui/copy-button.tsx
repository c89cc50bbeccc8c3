import { useEffect, useRef, useState } from 'react'
import { useCopy } from './use-copy'

type CopyButtonProps = {
  value: string
  /** What is copied, e.g. "Descriptor URL"; the button is named "Copy descriptor URL". */
  label: string
  /** A secret is cleared from the clipboard after a minute if it is still there. */
  secret?: boolean
  /** The visible text, when "Copy" is not enough; it is then the whole name, plus `hiddenText`. */
  text?: string
  /** Said to screen readers after `text`, to tell several such buttons apart. */
  hiddenText?: string
  className?: string
}

/** Copies text with the async Clipboard API and says so in a toast. */
export function CopyButton(props: CopyButtonProps) {
  const { value, label, secret = false, text, hiddenText, className } = props
  const copy = useCopy()
  const [copied, setCopied] = useState(false)
  const timer = useRef<number | undefined>(undefined)
  const what = label.charAt(0).toLowerCase() + label.slice(1)

  useEffect(() => () => window.clearTimeout(timer.current), [])

  const handleCopy = async () => {
    if (!(await copy(value, label, { secret }))) return
    setCopied(true)
    window.clearTimeout(timer.current)
    timer.current = window.setTimeout(() => setCopied(false), 2000)
  }

  return (
    <button
      type="button"
      className={className ?? 'button button-secondary button-small'}
      onClick={handleCopy}
    >
      {text ?? 'Copy'}
      {text === undefined || hiddenText ? (
        <span className="visually-hidden"> {text === undefined ? what : hiddenText}</span>
      ) : null}
      {copied ? <span aria-hidden="true"> ✓</span> : null}
    </button>
  )
}
