import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createAgent } from './test-app'

const serverDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

export async function freePort() {
  const probe = createServer()
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r))
  const { port } = probe.address() as { port: number }
  await new Promise<void>((r) => probe.close(() => r()))
  return port
}

export type ServerProcess = Awaited<ReturnType<typeof startServerProcess>>

/**
 * A real Token Desk process (tsx on the sources) on a free loopback port, for crash and
 * multi-process tests. Its output is kept so tests can scan it for canaries.
 */
export async function startServerProcess(
  dataDir: string,
  env: Record<string, string> = {},
  port?: number,
) {
  const listenPort = port ?? (await freePort())
  const url = `http://127.0.0.1:${listenPort}`
  let output = ''
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: serverDir,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      PORT: String(listenPort),
      HOST: '127.0.0.1',
      TOKENDESK_PUBLIC_URL: url,
      TOKENDESK_DATA_DIR: dataDir,
      TOKENDESK_REFRESH_INTERVAL_SECONDS: '0',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  )
  child.stdout?.on('data', (d) => {
    output += d
  })
  child.stderr?.on('data', (d) => {
    output += d
  })
  // Generous: on a loaded 2-core machine tsx alone can take many seconds; only a failure waits this long.
  const deadline = Date.now() + 90_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`)
    try {
      if ((await fetch(`${url}/api/health`)).ok) break
    } catch {}
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url,
    port: listenPort,
    child,
    exited,
    output: () => output,
    agent: () => createAgent({ request: (input, init) => fetch(new URL(input, url), init) }, url),
    signal: (sig: NodeJS.Signals) => child.kill(sig),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        await exited
      }
    },
  }
}

export const PROCESS_ADMIN = { email: 'ann@example.com', password: 'ann password 123' }

/** Bootstraps the admin above and lets processes share one short lease, for crash tests. */
export function processEnv(providerUrl: string, extra: Record<string, string> = {}) {
  return {
    TOKENDESK_TRUSTED_PROVIDERS: providerUrl,
    TOKENDESK_BOOTSTRAP_ADMIN_EMAIL: PROCESS_ADMIN.email,
    TOKENDESK_BOOTSTRAP_ADMIN_PASSWORD: PROCESS_ADMIN.password,
    TOKENDESK_LEASE_SECONDS: '2',
    ...extra,
  }
}

export async function signInProcess(p: ServerProcess) {
  const agent = p.agent()
  const res = await agent.api.auth.login.$post({ json: PROCESS_ADMIN })
  if (res.status !== 200) throw new Error(`login ${res.status}`)
  return agent
}

/** Teardown in reverse order of setup, run by the caller's afterEach. */
export function cleanupStack() {
  const steps: (() => Promise<unknown> | unknown)[] = []
  return {
    push: (...s: (() => Promise<unknown> | unknown)[]) => steps.push(...s),
    async run() {
      for (const step of steps.splice(0).reverse()) await step()
    },
  }
}

/** The environment a spawned command gets: PATH only, so nothing of the test run leaks in. */
export function childEnv(): Record<string, string | undefined> {
  return { PATH: process.env.PATH }
}
