import { useCallback, useSyncExternalStore } from 'react'

// public/theme.js applies the same choice before first paint and follows system changes.
export const THEME_STORAGE_KEY = 'tokendesk-theme'
export const THEME_CHOICES = ['system', 'light', 'dark'] as const
export type ThemeChoice = (typeof THEME_CHOICES)[number]

export function readThemeChoice(): ThemeChoice {
  try {
    const value = window.localStorage.getItem(THEME_STORAGE_KEY)
    return value === 'light' || value === 'dark' ? value : 'system'
  } catch {
    return 'system'
  }
}

export function resolveTheme(choice: ThemeChoice, systemPrefersDark: boolean): 'light' | 'dark' {
  if (choice === 'system') return systemPrefersDark ? 'dark' : 'light'
  return choice
}

function systemPrefersDark() {
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false
}

const listeners = new Set<() => void>()

/** Remembers the choice (storage may be off: then it lasts for this page) and applies it. */
export function setThemeChoice(choice: ThemeChoice) {
  try {
    window.localStorage.setItem(THEME_STORAGE_KEY, choice)
  } catch {
    // Private mode or storage disabled: the theme still applies, it is just not remembered.
  }
  document.documentElement.dataset.theme = resolveTheme(choice, systemPrefersDark())
  for (const listener of listeners) listener()
}

function subscribe(listener: () => void) {
  listeners.add(listener)
  window.addEventListener('storage', listener)
  return () => {
    listeners.delete(listener)
    window.removeEventListener('storage', listener)
  }
}

/** The remembered choice, kept in step across tabs. */
export function useThemeChoice() {
  const choice = useSyncExternalStore(subscribe, readThemeChoice, () => 'system' as const)
  const setChoice = useCallback((next: ThemeChoice) => setThemeChoice(next), [])
  return [choice, setChoice] as const
}
