import { useEffect, useId, useRef, useState } from 'react'
import { THEME_CHOICES, type ThemeChoice, useThemeChoice } from './theme'

const LABELS: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' }

/**
 * Light, dark or the system's choice, remembered in this browser: an icon button (the header has
 * little room) opening three radio buttons. Escape or a click elsewhere closes it.
 */
export function ThemePicker() {
  const [choice, setChoice] = useThemeChoice()
  const [open, setOpen] = useState(false)
  const panelId = useId()
  const containerRef = useRef<HTMLDivElement>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    if (!open) return
    const closeIfOutside = (event: Event) => {
      if (!containerRef.current?.contains(event.target as Node)) setOpen(false)
    }
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || !containerRef.current?.contains(document.activeElement)) return
      event.preventDefault()
      setOpen(false)
      buttonRef.current?.focus()
    }
    document.addEventListener('pointerdown', closeIfOutside)
    document.addEventListener('focusin', closeIfOutside)
    // Capture: runs before the menu's own Escape handler, which then leaves the menu open.
    document.addEventListener('keydown', closeOnEscape, true)
    return () => {
      document.removeEventListener('pointerdown', closeIfOutside)
      document.removeEventListener('focusin', closeIfOutside)
      document.removeEventListener('keydown', closeOnEscape, true)
    }
  }, [open])

  return (
    <div className="theme-picker" ref={containerRef}>
      <button
        ref={buttonRef}
        type="button"
        className="button button-ghost theme-button"
        aria-label={`Theme: ${LABELS[choice]}`}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
      >
        <ThemeIcon choice={choice} />
      </button>
      <fieldset id={panelId} className="theme-panel" hidden={!open}>
        <legend>Theme</legend>
        {THEME_CHOICES.map((value) => (
          <label key={value} className="check">
            <input
              type="radio"
              name={`${panelId}-theme`}
              value={value}
              checked={choice === value}
              onChange={() => setChoice(value)}
            />
            {value === 'system' ? 'Same as this device' : LABELS[value]}
          </label>
        ))}
      </fieldset>
    </div>
  )
}

function ThemeIcon({ choice }: { choice: ThemeChoice }) {
  return (
    <svg className="theme-icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      {choice === 'light' ? (
        <g stroke="currentColor" strokeWidth="1.8" fill="none" strokeLinecap="round">
          <circle cx="10" cy="10" r="3.5" />
          <path d="M10 1.5v2M10 16.5v2M1.5 10h2M16.5 10h2M4 4l1.4 1.4M14.6 14.6L16 16M4 16l1.4-1.4M14.6 5.4L16 4" />
        </g>
      ) : choice === 'dark' ? (
        <path d="M15.5 12.5A6.5 6.5 0 0 1 7.5 4.5a6.5 6.5 0 1 0 8 8z" fill="currentColor" />
      ) : (
        <g stroke="currentColor" strokeWidth="1.8" fill="none" strokeLinejoin="round">
          <rect x="2" y="3.5" width="16" height="10.5" rx="1.5" />
          <path d="M7 17.5h6M10 14v3.5" />
        </g>
      )}
    </svg>
  )
}
