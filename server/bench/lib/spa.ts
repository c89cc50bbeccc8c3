import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { median } from './load'
import { run } from './proc'

/** Builds the SPA into `outDir` (not web/dist, which other work may be using). */
export async function buildWeb(root: string, outDir: string) {
  const vite = join(root, 'web/node_modules/vite/bin/vite.js')
  return run(
    process.execPath,
    [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    {
      cwd: join(root, 'web'),
    },
  )
}

export type InitialJs = {
  files: { file: string; bytes: number; gzip: number }[]
  bytes: number
  gzip: number
}

/**
 * The JS a first visit must download before anything renders: the entry script and its
 * modulepreloads, as listed in index.html. Gzip at zlib's default level, as Vite reports it.
 */
export function initialJs(distDir: string): InitialJs {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8')
  const srcs: string[] = []
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const attr = (name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1]
    if (tag.startsWith('<script') && attr('type') === 'module' && attr('src'))
      srcs.push(attr('src') as string)
    if (tag.startsWith('<link') && attr('rel') === 'modulepreload' && attr('href'))
      srcs.push(attr('href') as string)
  }
  const files = [...new Set(srcs)].map((src) => {
    const body = readFileSync(join(distDir, src.replace(/^\//, '')))
    return { file: src, bytes: body.length, gzip: gzipSync(body).length }
  })
  return {
    files,
    bytes: files.reduce((s, f) => s + f.bytes, 0),
    gzip: files.reduce((s, f) => s + f.gzip, 0),
  }
}

const BASELINE_MAIN = `import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createBrowserRouter, Link, RouterProvider } from 'react-router-dom'

const queryClient = new QueryClient()
const getJson = (url: string) => fetch(url).then((r) => r.json())

function Home() {
  const q = useQuery({ queryKey: ['home'], queryFn: () => getJson('/api/home') })
  return <main><h1>Home</h1><p>{q.isPending ? 'Loading' : JSON.stringify(q.data)}</p><Link to="/items">Items</Link></main>
}

function Items() {
  const q = useQuery({ queryKey: ['items'], queryFn: () => getJson('/api/items') })
  const items: { id: string; name: string }[] = q.data ?? []
  return <main><h1>Items</h1><ul>{items.map((i) => <li key={i.id}>{i.name}</li>)}</ul><Link to="/">Home</Link></main>
}

const router = createBrowserRouter([
  { path: '/', element: <Home /> },
  { path: '/items', element: <Items /> },
])

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
)
`

/**
 * The toolchain baseline (92.2 KB when the stack was chosen) rebuilt in this run: React 19 +
 * react-dom + react-router-dom 7 + react-query 5 with two pages, same Vite and plugin as the SPA
 * (resolved from web/node_modules).
 */
export async function buildBaseline(root: string, dir: string) {
  mkdirSync(join(dir, 'src'), { recursive: true })
  if (!existsSync(join(dir, 'node_modules')))
    symlinkSync(join(root, 'web/node_modules'), join(dir, 'node_modules'), 'dir')
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="UTF-8" /><title>Baseline</title></head><body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body></html>\n',
  )
  writeFileSync(join(dir, 'src/main.tsx'), BASELINE_MAIN)
  writeFileSync(
    join(dir, 'vite.config.mjs'),
    "import react from '@vitejs/plugin-react'\nexport default { plugins: [react()], logLevel: 'warn' }\n",
  )
  const vite = join(root, 'web/node_modules/vite/bin/vite.js')
  await run(process.execPath, [vite, 'build', '--outDir', 'dist', '--emptyOutDir'], { cwd: dir })
  return initialJs(join(dir, 'dist'))
}

// Playwright is a dependency of e2e/, not of the server: loaded from there at run time.
type Page = {
  on(event: 'pageerror', fn: (err: Error) => void): void
  on(event: 'console', fn: (msg: { type(): string; text(): string }) => void): void
  goto(url: string, opts: { waitUntil: string; timeout: number }): Promise<unknown>
  evaluate<T>(fn: string): Promise<T>
}
type Context = {
  request: {
    post(
      url: string,
      opts: { data: unknown; headers: Record<string, string> },
    ): Promise<{ ok(): boolean; status(): number }>
  }
  exposeBinding(name: string, fn: (source: unknown, data: unknown) => void): Promise<void>
  addInitScript(script: { content: string }): Promise<void>
  newPage(): Promise<Page>
  close(): Promise<void>
}
type Browser = { newContext(opts: { baseURL: string }): Promise<Context>; close(): Promise<void> }
type Chromium = {
  launch(opts: { executablePath: string; args: string[]; headless: boolean }): Promise<Browser>
}

async function loadChromium(root: string): Promise<Chromium> {
  const req = createRequire(join(root, 'e2e/package.json'))
  const mod = (await import(pathToFileURL(req.resolve('@playwright/test')).href)) as {
    chromium?: Chromium
    default?: { chromium: Chromium }
  }
  const chromium = mod.chromium ?? mod.default?.chromium
  if (!chromium) throw new Error('@playwright/test exports no chromium')
  return chromium
}

/**
 * Records, from inside the page, when the first data row of a table is inserted (MutationObserver)
 * and the next animation frame after it (the frame that paints it), in performance.now() terms:
 * milliseconds since navigation start, and reports it through a binding. (Polling from outside
 * with waitForFunction while the page loads stalled the SPA's own loading in Chromium 150.)
 */
const FIRST_ROW_PROBE = `(() => {
  const rowSelector = 'table tbody tr'
  const seen = () => {
    const row = document.querySelector(rowSelector)
    if (!row || window.__benchFirstRow) return
    const r = (window.__benchFirstRow = {
      inserted: performance.now(),
      rows: document.querySelectorAll(rowSelector).length,
    })
    requestAnimationFrame(() => {
      r.painted = performance.now()
      window.__benchReport(r)
    })
  }
  new MutationObserver(seen).observe(document, { childList: true, subtree: true })
})()`

type Probe = { inserted: number; painted: number; rows: number }

export type TimeToList = {
  runs: { insertedMs: number; paintedMs: number; rows: number; wallMs: number }[]
  medianPaintedMs: number
  medianInsertedMs: number
  rows: number
}

export class PageNotReady extends Error {}

/**
 * Cold visits (a fresh browser context each: empty cache, new connection) to `path`, signed in
 * through the API first; the figure is navigation start to the first painted table row.
 */
export async function timeToList(opts: {
  root: string
  baseUrl: string
  path: string
  email: string
  password: string
  runs: number
  timeoutMs: number
}): Promise<TimeToList> {
  const chromium = await loadChromium(opts.root)
  const browser = await chromium.launch({
    executablePath: process.env.TOKENDESK_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
  try {
    const runs: TimeToList['runs'] = []
    // One unmeasured visit first, so Chromium's own start-up work is not in the first figure.
    for (let i = 0; i <= opts.runs; i++) {
      const context = await browser.newContext({ baseURL: opts.baseUrl })
      try {
        const login = await context.request.post('/api/auth/login', {
          data: { email: opts.email, password: opts.password },
          headers: { origin: opts.baseUrl },
        })
        if (!login.ok()) throw new Error(`browser login answered ${login.status()}`)
        let report: (p: Probe) => void = () => {}
        const reported = new Promise<Probe>((resolve) => {
          report = resolve
        })
        await context.exposeBinding('__benchReport', (_source, data) => report(data as Probe))
        await context.addInitScript({ content: FIRST_ROW_PROBE })
        const page = await context.newPage()
        const problems: string[] = []
        page.on('pageerror', (err) => problems.push(`page error: ${err.message}`))
        page.on('console', (msg) => {
          if (msg.type() === 'error') problems.push(`console: ${msg.text()}`)
        })
        const t0 = performance.now()
        await page.goto(opts.path, { waitUntil: 'commit', timeout: opts.timeoutMs })
        let timer: NodeJS.Timeout | undefined
        const r = await Promise.race([
          reported,
          new Promise<null>((resolve) => {
            timer = setTimeout(() => resolve(null), opts.timeoutMs)
          }),
        ])
        clearTimeout(timer)
        if (!r) {
          const shows = await page.evaluate<string>(
            "(document.querySelector('main h1, h1')?.textContent ?? document.body.innerText).slice(0, 120)",
          )
          throw new PageNotReady(
            `no table row on ${opts.path} within ${opts.timeoutMs} ms; the page shows "${shows.trim().replace(/\s+/g, ' ')}"${problems.length ? `; ${problems.slice(0, 3).join('; ')}` : ''}`,
          )
        }
        const wallMs = performance.now() - t0
        if (i > 0) runs.push({ insertedMs: r.inserted, paintedMs: r.painted, rows: r.rows, wallMs })
      } finally {
        await context.close()
      }
    }
    return {
      runs,
      medianPaintedMs: median(runs.map((r) => r.paintedMs)),
      medianInsertedMs: median(runs.map((r) => r.insertedMs)),
      rows: runs[0]?.rows ?? 0,
    }
  } finally {
    await browser.close()
  }
}
