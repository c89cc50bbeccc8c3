import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export type ServerInfo = { baseURL: string; setupUrl: string; dataDir: string; emulatorUrl: string }

export const AUTH_DIR = join(dirname(fileURLToPath(import.meta.url)), '.auth')
export const SERVER_INFO_FILE = join(AUTH_DIR, 'server.json')
export const ADMIN_STATE = join(AUTH_DIR, 'admin.json')
export const ADMIN = {
  email: 'admin@example.com',
  name: 'Ada Admin',
  password: 'admin password 123',
}

export function serverInfo(): ServerInfo {
  return JSON.parse(readFileSync(SERVER_INFO_FILE, 'utf8'))
}
