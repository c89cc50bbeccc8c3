import { useState } from 'react'
import { copyText } from '@/lib/clipboard'
import { formatError } from '@/lib/format-error'
import { useToast } from './use-toast'

type CopyButtonProps = {
  value: string
  /** What is copied, e.g. "Descriptor URL"; the button is named "Copy descriptor URL". */
  label: string
  className?: string
}

/** Copies text with the async Clipboard API and says so in a toast. */
export function CopyButton({ value, label, className }: CopyButtonProps) {
  const toast = useToast()
  const [copied, setCopied] = useState(false)
  const what = label.charAt(0).toLowerCase() + label.slice(1)

  const handleCopy = async () => {
    try {
      await copyText(value)
      setCopied(true)
      toast.notify(`${label} copied to the clipboard.`)
      window.setTimeout(() => setCopied(false), 2000)
    } catch (error) {
      toast.notify(`Could not copy: ${formatError(error)} Select the text instead.`, 'error')
    }
  }

  return (
    <button
      type="button"
      className={className ?? 'button button-secondary button-small'}
      onClick={handleCopy}
    >
      Copy<span className="visually-hidden"> {what}</span>
      {copied ? <span aria-hidden="true"> ✓</span> : null}
    </button>
  )
}
