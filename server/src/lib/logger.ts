import { pino } from 'pino'

export type Logger = pino.Logger

/** Field names that may carry a secret, wherever they appear (two levels deep covers our payloads). */
const SECRET_FIELDS = [
  'password',
  'currentPassword',
  'newPassword',
  'token',
  'value',
  'access_token',
  'refresh_token',
  'accessToken',
  'refreshToken',
  'secret',
  'clientSecret',
  'client_secret',
  'oauthSecret',
  'code_verifier',
  'codeVerifier',
  'setupToken',
]

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  ...SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]),
  // `code` is also our error-code field, so only its OAuth positions are redacted.
  'body.code',
  'query.code',
  'botKey',
  '*.botKey',
]

/**
 * Stdout as well, but in chunks of about 4 KB, and at least once a second: one write per twenty
 * request lines or so, not one each (bench #1). Other lines are not held back. The stream is
 * asynchronous like pino's own, so a slow reader of stdout never stalls the server; whatever is
 * pending is written synchronously on exit.
 */
function batchedStdout() {
  const out = pino.destination({ dest: 1, sync: false })
  let pending = ''
  // Set by sonic-boom once the stream is ended; missing from its types.
  const ended = () => (out as unknown as { destroyed: boolean }).destroyed
  const flush = () => {
    // pino ends its streams on `beforeExit`; nothing can be written after that.
    if (!pending || ended()) return
    const chunk = pending
    pending = ''
    out.write(chunk)
  }
  setInterval(flush, 1000).unref()
  process.on('beforeExit', flush)
  process.on('exit', () => {
    flush()
    if (!ended()) out.flushSync()
  })
  return (line: string) => {
    pending += line
    if (pending.length >= 4096) flush()
  }
}

/** Where `rawLineWriter` sends lines for a logger, when that is not the logger's own stream. */
const rawSinks = new WeakMap<Logger, (line: string) => void>()

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const logger = pino(
    { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: undefined },
    destination,
  )
  if (!destination) rawSinks.set(logger, batchedStdout())
  return logger
}

/**
 * Writes lines that are already JSON to the logger's destination (in production, stdout through
 * a batching buffer), skipping pino's formatting. Only for lines whose fields are fixed and hold
 * no secret: the request line, where formatting was most of the log's cost (bench #1).
 */
export function rawLineWriter(logger: Logger) {
  const sink = rawSinks.get(logger)
  if (sink) return sink
  const stream = (logger as unknown as Record<symbol, pino.DestinationStream>)[
    pino.symbols.streamSym
  ]
  if (!stream) throw new Error('logger has no destination stream')
  return (line: string) => {
    stream.write(line)
  }
}
