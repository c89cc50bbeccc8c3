import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createLogger, rawLineWriter } from './logger'

const here = dirname(fileURLToPath(import.meta.url))

describe('raw log lines', () => {
  it('go to a test destination at once, beside the logger’s own lines', () => {
    const lines: string[] = []
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk))
        done()
      },
    })
    const logger = createLogger('info', sink)
    rawLineWriter(logger)('{"msg":"raw"}\n')
    logger.info('pino')
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['raw', 'pino'])
  })

  for (const ending of ['process.exit(0)', '// the event loop runs dry']) {
    it(`are batched on stdout in production and all written when the process ends: ${ending}`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'tokendesk-logger-'))
      try {
        const script = join(dir, 'log.ts')
        writeFileSync(
          script,
          [
            `import { createLogger, rawLineWriter } from ${JSON.stringify(join(here, 'logger.ts'))}`,
            `const logger = createLogger('info')`,
            `const write = rawLineWriter(logger)`,
            `for (let i = 0; i < 500; i++) write(JSON.stringify({ msg: 'request', i }) + '\\n')`,
            `logger.info('last')`,
            ending,
          ].join('\n'),
        )
        const run = spawnSync(process.execPath, ['--import', 'tsx', script], {
          cwd: join(here, '..', '..'),
          encoding: 'utf8',
          timeout: 20_000,
        })
        expect(run.status).toBe(0)
        expect(run.stderr).toBe('')
        const out = run.stdout
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as { msg: string; i?: number })
        expect(out.filter((l) => l.msg === 'request').map((l) => l.i)).toEqual(
          Array.from({ length: 500 }, (_, i) => i),
        )
        expect(out.filter((l) => l.msg === 'last')).toHaveLength(1)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    })
  }
})
