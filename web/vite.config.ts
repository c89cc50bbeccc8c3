/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const API_TARGET = process.env.TOKENDESK_API_TARGET ?? 'http://127.0.0.1:8080'

export default defineConfig({
  plugins: [react()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  server: {
    proxy: {
      '/api': {
        target: API_TARGET,
        configure(proxy) {
          // The server only accepts mutations whose Origin is its own public origin.
          proxy.on('proxyReq', (proxyReq) => {
            if (proxyReq.getHeader('origin'))
              proxyReq.setHeader('origin', new URL(API_TARGET).origin)
          })
        },
      },
    },
  },
  build: { outDir: 'dist', emptyOutDir: true },
  test: {
    name: 'web',
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/testing/setup-tests.ts'],
  },
})
