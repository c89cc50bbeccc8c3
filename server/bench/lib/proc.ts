import { type ChildProcess, spawn } from 'node:child_process'
import { closeSync, openSync, readFileSync } from 'node:fs'
import { request } from 'node:http'
import { type AddressInfo, createServer } from 'node:net'

export const HOST = '127.0.0.1'

/** A free loopback port (the server needs its port up front: it is part of its public origin). */
export async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, HOST, resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** One GET on a fresh socket: resolves with the status, or null when nothing listens yet. */
function probeStatus(url: string): Promise<number | null> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false, timeout: 1000 }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? null))
    })
    req.on('error', () => resolve(null))
    req.on('timeout', () => {
      req.destroy()
      resolve(null)
    })
    req.end()
  })
}

export type Child = {
  proc: ChildProcess
  pid: number
  url: string
  /** Milliseconds from spawn() to the first 200 from `healthPath`. */
  startMs: number
  /** CPU time the process had used when it was first healthy (its start-up), ms. */
  startCpuMs: number
  output: () => string
  stop: () => Promise<void>
}

/**
 * Spawns a process, stdout to `logFile` (as production would: a file or journald, not a pipe the
 * parent has to drain), stderr kept for error messages, and polls `healthPath` every 5 ms.
 */
export async function spawnAndWait(opts: {
  args: string[]
  env: Record<string, string | undefined>
  port: number
  healthPath: string
  logFile: string
  cwd?: string
  timeoutMs?: number
}): Promise<Child> {
  const url = `http://${HOST}:${opts.port}`
  const out = openSync(opts.logFile, 'a')
  const t0 = performance.now()
  const proc = spawn(process.execPath, opts.args, {
    cwd: opts.cwd,
    env: opts.env,
    stdio: ['ignore', out, 'pipe'],
  })
  closeSync(out)
  let stderr = ''
  proc.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
    if (stderr.length > 20_000) stderr = stderr.slice(-20_000)
  })
  let exited: number | null = null
  const exit = new Promise<void>((resolve) =>
    proc.on('exit', (code, signal) => {
      exited = code ?? (signal ? 128 : 1)
      resolve()
    }),
  )
  const output = () => {
    let log = ''
    try {
      log = readFileSync(opts.logFile, 'utf8').slice(-4000)
    } catch {}
    return `${stderr}\n${log}`.trim()
  }
  const deadline = t0 + (opts.timeoutMs ?? 15_000)
  for (;;) {
    if (exited !== null)
      throw new Error(`process exited with ${exited} before it was healthy:\n${output()}`)
    if (performance.now() > deadline) {
      proc.kill('SIGKILL')
      throw new Error(`process was not healthy within ${opts.timeoutMs ?? 15_000} ms:\n${output()}`)
    }
    const status = await probeStatus(`${url}${opts.healthPath}`)
    if (status === 200) break
    await sleep(5)
  }
  const startMs = performance.now() - t0
  const pid = proc.pid
  if (pid === undefined) throw new Error('spawn gave no pid')
  const startCpuMs = cpuMsOf(pid)
  return {
    proc,
    pid,
    url,
    startMs,
    startCpuMs,
    output,
    async stop() {
      if (exited !== null) return
      proc.kill('SIGTERM')
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5000)
      await exit
      clearTimeout(timer)
    },
  }
}

/** VmRSS and VmHWM (peak) of a process, in MB. */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN)
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 }
}

/** CPU time (user + system) a process has used so far, ms (10 ms resolution: clock ticks). */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // Fields after the parenthesised command name; utime and stime are the 14th and 15th overall.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

/** Runs a command to completion; rejects with its output on a non-zero exit. */
export function run(
  cmd: string,
  args: string[],
  opts: { cwd: string; env?: Record<string, string | undefined> },
): Promise<{ ms: number; output: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env })
    let output = ''
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString()
    })
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString()
    })
    child.on('error', reject)
    child.on('exit', (code) => {
      if (code === 0) resolve({ ms: performance.now() - t0, output })
      else
        reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}:\n${output.slice(-4000)}`))
    })
  })
}
