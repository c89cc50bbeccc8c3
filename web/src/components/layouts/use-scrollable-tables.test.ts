import { afterEach, describe, expect, it } from 'vitest'
import { markScrollableTables } from './use-scrollable-tables'

function wrapOf(scrollWidth: number, clientWidth: number, caption = 'People') {
  const wrap = document.createElement('div')
  wrap.className = 'table-wrap'
  wrap.innerHTML = `<table><caption>${caption}</caption></table>`
  Object.defineProperty(wrap, 'scrollWidth', { configurable: true, value: scrollWidth })
  Object.defineProperty(wrap, 'clientWidth', { configurable: true, value: clientWidth })
  document.body.append(wrap)
  return wrap
}

afterEach(() => {
  document.body.innerHTML = ''
})

describe('markScrollableTables', () => {
  it('makes a table box that scrolls focusable and named, and undoes it when it fits again', () => {
    const wrap = wrapOf(700, 320)
    const fits = wrapOf(300, 320)
    markScrollableTables(document.body)
    expect(wrap.getAttribute('tabindex')).toBe('0')
    expect(wrap.getAttribute('role')).toBe('region')
    expect(wrap.getAttribute('aria-label')).toBe('People')
    expect(fits.hasAttribute('tabindex')).toBe(false)

    Object.defineProperty(wrap, 'scrollWidth', { configurable: true, value: 320 })
    markScrollableTables(document.body)
    expect(wrap.hasAttribute('tabindex')).toBe(false)
    expect(wrap.hasAttribute('role')).toBe(false)
    expect(wrap.hasAttribute('aria-label')).toBe(false)
  })

  it('leaves a box that manages its own focus alone', () => {
    const wrap = wrapOf(700, 320)
    wrap.setAttribute('tabindex', '-1')
    markScrollableTables(document.body)
    expect(wrap.getAttribute('tabindex')).toBe('-1')
    expect(wrap.hasAttribute('role')).toBe(false)
  })
})
