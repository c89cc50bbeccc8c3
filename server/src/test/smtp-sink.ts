import { type AddressInfo, createServer, type Socket } from 'node:net'

export type SunkMail = {
  /** The envelope: MAIL FROM and every RCPT TO. */
  from: string
  rcpt: string[]
  /** Headers by lower-case name, unfolded, encoded words decoded. */
  headers: Record<string, string>
  /** The body, its transfer encoding undone. */
  text: string
}

/** `=?utf-8?Q?…?=` and `=?utf-8?B?…?=` words (RFC 2047), as nodemailer writes non-ASCII headers. */
function decodeWords(value: string) {
  return value
    .replace(/(\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, _charset, enc: string, text: string) => {
      if (enc.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8')
      return decodeQ(text.replace(/_/g, ' '))
    })
}

function decodeQ(text: string) {
  const bytes: number[] = []
  for (let i = 0; i < text.length; i++) {
    const hex = text[i] === '=' ? text.slice(i + 1, i + 3) : ''
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16))
      i += 2
    } else bytes.push(text.charCodeAt(i))
  }
  return Buffer.from(bytes).toString('utf8')
}

function parseMessage(raw: string): Pick<SunkMail, 'headers' | 'text'> {
  const split = raw.indexOf('\r\n\r\n')
  const head = split === -1 ? raw : raw.slice(0, split)
  const body = split === -1 ? '' : raw.slice(split + 4)
  const headers: Record<string, string> = {}
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':')
    if (colon > 0) {
      headers[line.slice(0, colon).trim().toLowerCase()] = decodeWords(line.slice(colon + 1).trim())
    }
  }
  const encoding = headers['content-transfer-encoding']?.toLowerCase()
  const text =
    encoding === 'quoted-printable'
      ? decodeQ(body.replace(/=\r\n/g, ''))
      : encoding === 'base64'
        ? Buffer.from(body, 'base64').toString('utf8')
        : Buffer.from(body, 'latin1').toString('utf8')
  return { headers, text: text.replace(/\r\n/g, '\n') }
}

/**
 * An SMTP server on 127.0.0.1 that speaks just enough of the protocol for nodemailer (no TLS, no
 * auth) and keeps what it receives. `refuse` makes the next messages fail with that reply.
 */
export async function startSmtpSink() {
  const mails: SunkMail[] = []
  const sockets = new Set<Socket>()
  const refusals: string[] = []
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    let buffer = ''
    let inData = false
    let data: string[] = []
    let envelope = { from: '', rcpt: [] as string[] }
    const reply = (line: string) => socket.write(`${line}\r\n`)
    const command = (line: string) => {
      const verb = line.slice(0, 4).toUpperCase()
      if (verb === 'EHLO' || verb === 'HELO') reply('250 sink')
      else if (verb === 'MAIL') {
        envelope = { from: /<([^>]*)>/.exec(line)?.[1] ?? '', rcpt: [] }
        reply('250 OK')
      } else if (verb === 'RCPT') {
        envelope.rcpt.push(/<([^>]*)>/.exec(line)?.[1] ?? '')
        reply('250 OK')
      } else if (verb === 'DATA') {
        inData = true
        data = []
        reply('354 go ahead')
      } else if (verb === 'RSET' || verb === 'NOOP') reply('250 OK')
      else if (verb === 'QUIT') {
        reply('221 bye')
        socket.end()
      } else reply('502 not implemented')
    }
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1')
      for (let nl = buffer.indexOf('\r\n'); nl !== -1; nl = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, nl)
        buffer = buffer.slice(nl + 2)
        if (!inData) {
          command(line)
          continue
        }
        if (line !== '.') {
          data.push(line.startsWith('.') ? line.slice(1) : line)
          continue
        }
        inData = false
        const refusal = refusals.shift()
        if (refusal) {
          reply(refusal)
          continue
        }
        // Kept as bytes (latin1) until parsed: the parser decodes UTF-8 where it is.
        mails.push({ ...envelope, ...parseMessage(data.join('\r\n')) })
        reply('250 queued')
      }
    })
    reply('220 sink ready')
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const port = (server.address() as AddressInfo).port
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    /** The next `times` messages get `reply` (say "451 try later") instead of being accepted. */
    refuse(reply: string, times = 1) {
      for (let i = 0; i < times; i++) refusals.push(reply)
    },
    async close() {
      for (const s of sockets) s.destroy()
      await new Promise<void>((done) => server.close(() => done()))
    },
  }
}

export type SmtpSink = Awaited<ReturnType<typeof startSmtpSink>>
