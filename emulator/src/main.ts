import { optionsFromEnv } from './config'
import { startEmulator } from './index'

try {
  const emulator = await startEmulator(optionsFromEnv(process.env))
  console.log(`HipChat emulator listening on ${emulator.url}`)
  console.log(`  capabilities: ${emulator.capabilitiesUrl}`)
  console.log(`  admin page:   ${emulator.url}/admin`)
  const stop = () => {
    emulator.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
} catch (err) {
  console.error(`HipChat emulator failed to start: ${err instanceof Error ? err.message : err}`)
  process.exit(1)
}
