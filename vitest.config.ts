import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: { projects: ['shared', 'emulator', 'server', 'web'] },
})
