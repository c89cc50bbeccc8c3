import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    name: 'emulator',
    include: ['src/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
})
