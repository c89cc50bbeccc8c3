import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { SERVER_INFO_FILE, type ServerInfo } from './server-info'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/** Starts the built server on a temporary data dir and captures the setup URL it prints. */
export default async function globalSetup() {
  const port = Number(process.env.E2E_PORT)
  const dataDir = mkdtempSync(join(tmpdir(), 'tokendesk-e2e-'))
  const emulator = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: join(root, 'emulator'),
    env: { ...process.env, EMULATOR_PORT: '0', EMULATOR_HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const emulatorUrl = await waitForLine(emulator, /HipChat emulator listening on (\S+)/)
  const server = spawn(process.execPath, [join(root, 'server/dist/index.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      TOKENDESK_DATA_DIR: dataDir,
      TOKENDESK_WEB_DIST: join(root, 'web/dist'),
      TOKENDESK_TRUSTED_PROVIDERS: emulatorUrl,
      // The webhook specs' loopback receiver listens on the next port.
      TOKENDESK_WEBHOOK_ORIGINS: `http://127.0.0.1:${port + 1}`,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const setupUrl = await waitForLine(server, /First run: open (\S+) to create/)
  const info: ServerInfo = { baseURL: `http://127.0.0.1:${port}`, setupUrl, dataDir, emulatorUrl }
  mkdirSync(dirname(SERVER_INFO_FILE), { recursive: true })
  writeFileSync(SERVER_INFO_FILE, JSON.stringify(info))
  return async () => {
    server.kill('SIGTERM')
    emulator.kill('SIGTERM')
    rmSync(dataDir, { recursive: true, force: true })
  }
}

function waitForLine(child: ChildProcess, pattern: RegExp) {
  return new Promise<string>((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => reject(new Error(`process did not start:\n${output}`)), 15_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = pattern.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve(match[1])
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`process exited with ${code}:\n${output}`))
    })
  })
}
