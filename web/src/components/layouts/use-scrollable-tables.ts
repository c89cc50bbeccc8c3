import { type RefObject, useEffect } from 'react'

const MARK = 'data-scroll-region'

/**
 * A table wider than the screen scrolls inside its `.table-wrap` box; a box that scrolls must be
 * reachable by keyboard and named (WCAG 2.1.1; axe "scrollable-region-focusable"). Every wrap under
 * `root` that overflows gets tabindex, role=region and its table's caption as name; one that no
 * longer overflows loses them again. Wraps that set these attributes themselves are left alone.
 */
export function useScrollableTables(root: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const container = root.current
    if (!container) return
    let frame = 0
    const schedule = () => {
      cancelAnimationFrame(frame)
      frame = requestAnimationFrame(() => markScrollableTables(container))
    }
    schedule()
    const mutations = new MutationObserver(schedule)
    mutations.observe(container, { childList: true, subtree: true })
    window.addEventListener('resize', schedule)
    return () => {
      cancelAnimationFrame(frame)
      mutations.disconnect()
      window.removeEventListener('resize', schedule)
    }
  }, [root])
}

export function markScrollableTables(container: ParentNode) {
  for (const wrap of container.querySelectorAll<HTMLElement>('.table-wrap')) {
    const managed = wrap.hasAttribute(MARK)
    if (!managed && wrap.hasAttribute('tabindex')) continue
    const scrolls = wrap.scrollWidth > wrap.clientWidth + 1
    if (scrolls && !managed) {
      const caption = wrap.querySelector('caption')?.textContent?.trim()
      wrap.setAttribute(MARK, '')
      wrap.setAttribute('tabindex', '0')
      wrap.setAttribute('role', 'region')
      wrap.setAttribute('aria-label', caption || 'Table')
    } else if (!scrolls && managed) {
      for (const name of [MARK, 'tabindex', 'role', 'aria-label']) wrap.removeAttribute(name)
    }
  }
}
