import { afterEach, describe, expect, it } from 'vitest'
import { readThemeChoice, resolveTheme, setThemeChoice, THEME_STORAGE_KEY } from './theme'

afterEach(() => {
  window.localStorage.clear()
  delete document.documentElement.dataset.theme
})

describe('theme', () => {
  it('follows the system unless light or dark was chosen', () => {
    expect(resolveTheme('system', true)).toBe('dark')
    expect(resolveTheme('system', false)).toBe('light')
    expect(resolveTheme('light', true)).toBe('light')
    expect(resolveTheme('dark', false)).toBe('dark')
  })

  it('reads back what was stored, and anything else as the system choice', () => {
    expect(readThemeChoice()).toBe('system')
    setThemeChoice('light')
    expect(readThemeChoice()).toBe('light')
    expect(document.documentElement.dataset.theme).toBe('light')
    window.localStorage.setItem(THEME_STORAGE_KEY, 'purple')
    expect(readThemeChoice()).toBe('system')
  })
})
