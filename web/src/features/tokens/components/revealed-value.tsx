import { useEffect, useState } from 'react'

export const REVEAL_SECONDS = 30

type RevealedValueProps = { value: string; onHide: () => void }

/** Shows a token value with a visible countdown, then asks its parent to drop it. */
export function RevealedValue({ value, onHide }: RevealedValueProps) {
  const [left, setLeft] = useState(REVEAL_SECONDS)

  useEffect(() => {
    const started = Date.now()
    const id = window.setInterval(() => {
      const remaining = REVEAL_SECONDS - Math.floor((Date.now() - started) / 1000)
      setLeft(Math.max(remaining, 0))
    }, 1000)
    return () => window.clearInterval(id)
  }, [])

  useEffect(() => {
    if (left <= 0) onHide()
  }, [left, onHide])

  return (
    <div className="revealed">
      <p className="revealed-label">Token value</p>
      <code className="revealed-value">{value}</code>
      <div className="revealed-footer">
        <span className="revealed-countdown">
          Hides in <span className="countdown-number">{left}</span> s
        </span>
        <button type="button" className="button button-secondary button-small" onClick={onHide}>
          Hide now
        </button>
      </div>
    </div>
  )
}
