// @vitest-environment node
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { THEME_STORAGE_KEY } from './theme'

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8')

describe('the theme script that runs before first paint', () => {
  it('shares the storage key with the theme picker', () => {
    expect(read('../../../public/theme.js')).toContain(`'${THEME_STORAGE_KEY}'`)
  })

  it('is loaded blocking from <head>, before the app and its styles', () => {
    const html = read('../../../index.html')
    const tag = html.indexOf('<script src="/theme.js"></script>')
    expect(tag).toBeGreaterThan(-1)
    expect(tag).toBeLessThan(html.indexOf('</head>'))
    expect(tag).toBeLessThan(html.indexOf('type="module"'))
  })
})
