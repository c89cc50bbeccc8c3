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

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: undefined },
    destination,
  )
}

/**
 * Writes lines that are already JSON straight to the logger's destination (stdout's asynchronous
 * sonic-boom in production), skipping pino's formatting. Only for lines whose fields are fixed
 * and hold no secret: the request line, where formatting was most of the log's cost (bench #1).
 */
export function rawLineWriter(logger: Logger) {
  const stream = (logger as unknown as Record<symbol, pino.DestinationStream>)[
    pino.symbols.streamSym
  ]
  if (!stream) throw new Error('logger has no destination stream')
  return (line: string) => {
    stream.write(line)
  }
}
