/**
 * Takes the secrets a request carried back out of text that came from the other side. Providers
 * echo what they were sent, often form- or percent-encoded, sometimes JSON- or HTML-escaped, so
 * the text is decoded (remembering where each decoded byte came from) and every secret is looked
 * for in each decoding; what matches is cut out of the original text.
 */

export const REDACTED = '[redacted]'

/** Anything that looks like a credential even when it is none we sent (a rotated token, a hash). */
const OPAQUE_TOKEN = /[A-Za-z0-9._~+/=%-]{20,}/g

/** Where a replacement sits: `outLen` output chars stand for `inLen` input chars. */
type Seg = { out: number; outLen: number; in: number; inLen: number }

/** Text as one decoder read it (latin1 bytes), and how to find each byte in its input. */
type Level = { s: string; segs: Seg[]; parent: Level | null }

const HTML_NAMED: Record<string, number> = {
  amp: 38,
  lt: 60,
  gt: 62,
  quot: 34,
  apos: 39,
  plus: 43,
  sol: 47,
  equals: 61,
  colon: 58,
  percnt: 37,
}
const JSON_SHORT: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
}

const latin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1')
const fromCode = (code: number) => latin1(String.fromCodePoint(code))
const hex = (h: string) => Number.parseInt(h, 16)

type Decoder = { pattern: RegExp; decode: (m: string, ...groups: string[]) => string }

const PERCENT: Decoder = {
  pattern: /%([0-9a-fA-F]{2})/g,
  decode: (_m, h = '') => String.fromCharCode(hex(h)),
}
const PERCENT_PLUS: Decoder = {
  pattern: /%([0-9a-fA-F]{2})|\+/g,
  decode: (_m, h) => (h ? String.fromCharCode(hex(h)) : ' '),
}
const JSON_ESCAPES: Decoder = {
  pattern:
    /\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})|\\(["\\/bfnrt])/g,
  decode: (_m, hi, lo, unit, short) =>
    hi && lo
      ? fromCode(0x10000 + ((hex(hi) - 0xd800) << 10) + (hex(lo) - 0xdc00))
      : unit
        ? latin1(String.fromCharCode(hex(unit)))
        : (JSON_SHORT[short ?? ''] ?? ''),
}
const HTML_REFS: Decoder = {
  pattern:
    /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|(amp|lt|gt|quot|apos|plus|sol|equals|colon|percnt));/g,
  decode: (m, dec, hx, name) => {
    const code = dec ? Number(dec) : hx ? hex(hx) : (HTML_NAMED[name ?? ''] ?? 0)
    return code <= 0x10ffff ? fromCode(code) : m
  },
}
/** The original text's non-ASCII characters, as their UTF-8 bytes. */
const UTF8: Decoder = { pattern: /[\u0080-\u{10ffff}]/gu, decode: (m) => latin1(m) }

/** Applies one decoder, recording each replacement; null when nothing matched. */
function decodeWith(input: string, parent: Level | null, d: Decoder): Level | null {
  const segs: Seg[] = []
  let delta = 0
  const s = input.replace(d.pattern, (...args) => {
    const m = args[0] as string
    const offset = args[args.length - 2] as number
    const rep = d.decode(m, ...(args.slice(1, -2) as string[]))
    segs.push({ out: offset + delta, outLen: rep.length, in: offset, inLen: m.length })
    delta += rep.length - m.length
    return rep
  })
  return segs.length ? { s, segs, parent } : null
}

/** The last replacement starting at or before output index `i`. */
function segAt(segs: Seg[], i: number) {
  let lo = 0
  let hi = segs.length - 1
  let found: Seg | undefined
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const seg = segs[mid] as Seg
    if (seg.out <= i) {
      found = seg
      lo = mid + 1
    } else hi = mid - 1
  }
  return found
}

/** Input index where output char `i` begins. */
function startIn(segs: Seg[], i: number) {
  const seg = segAt(segs, i)
  if (!seg) return i
  return i < seg.out + seg.outLen ? seg.in : seg.in + seg.inLen + (i - seg.out - seg.outLen)
}

/** Input index just past output char `i`. */
function endIn(segs: Seg[], i: number) {
  const seg = segAt(segs, i)
  if (seg && i < seg.out + seg.outLen) return seg.in + seg.inLen
  return startIn(segs, i) + 1
}

/** Maps `[x, y)` in a level's text back to the original text. */
function toOriginal(level: Level, x: number, y: number): [number, number] {
  let a = x
  let b = y
  for (let l: Level | null = level; l; l = l.parent) {
    const end = endIn(l.segs, b - 1)
    a = startIn(l.segs, a)
    b = end
  }
  return [a, b]
}

/**
 * The text as written, and as each decoder reads it: percent-decoding up to three times (double
 * encoding), with `+` read both ways; JSON and HTML escapes, each also followed by percent.
 */
function decodings(text: string): Level[] {
  const raw = decodeWith(text, null, UTF8) ?? { s: text, segs: [], parent: null }
  const all = [raw]
  const percent = (start: Level) => {
    for (const d of [PERCENT, PERCENT_PLUS]) {
      let current = start
      for (let pass = 0; pass < 3; pass++) {
        const next = decodeWith(current.s, current, d)
        if (!next) break
        all.push(next)
        current = next
      }
    }
  }
  percent(raw)
  for (const d of [JSON_ESCAPES, HTML_REFS]) {
    const next = decodeWith(raw.s, raw, d)
    if (next) {
      all.push(next)
      percent(next)
    }
  }
  return all
}

/** Whole-value encodings: base64 cannot be matched byte by byte inside other text. */
function needlesFor(secret: string) {
  const bytes = Buffer.from(secret, 'utf8')
  const b64 = bytes.toString('base64')
  return [secret, b64, b64.replace(/=+$/, ''), bytes.toString('base64url')].map(latin1)
}

export type Scrubber = {
  /** Replaces every sent secret, in any of the encodings above, with `[redacted]`. */
  redact(text: string): string
  /** `redact`, then opaque-looking tokens, control characters and length: text fit to store. */
  excerpt(text: string, maxLength?: number): string
}

const MIN_SECRET_LENGTH = 4

/**
 * A scrubber for the secrets one request carried. Pass each secret as sent (a client secret, a
 * refresh token, the base64 of a Basic `id:secret` pair); empty values are ignored.
 */
export function createScrubber(secrets: readonly (string | null | undefined)[]): Scrubber {
  // A secret of one to three characters guards nothing, and redacting every "s" in a message
  // only garbles it.
  const needles = [...new Set(secrets.filter((s): s is string => !!s).flatMap(needlesFor))].filter(
    (n) => n.length >= MIN_SECRET_LENGTH,
  )
  function redact(text: string) {
    if (!needles.length || !text) return text
    const spans: [number, number][] = []
    for (const level of decodings(text)) {
      for (const needle of needles) {
        for (let at = level.s.indexOf(needle); at !== -1; at = level.s.indexOf(needle, at + 1)) {
          spans.push(toOriginal(level, at, at + needle.length))
        }
      }
    }
    if (!spans.length) return text
    spans.sort((x, y) => x[0] - y[0])
    let out = ''
    let pos = 0
    for (const [a, b] of spans) {
      if (b <= pos) continue
      if (a >= pos) out += text.slice(pos, a) + REDACTED
      pos = b
    }
    return out + text.slice(pos)
  }
  return {
    redact,
    excerpt(text, maxLength = 120) {
      const clean = redact(text)
        .replace(OPAQUE_TOKEN, REDACTED)
        // biome-ignore lint/suspicious/noControlCharactersInRegex: flattening them is the point
        .replace(/[\u0000-\u001f\u007f\s]+/g, ' ')
        .trim()
      if (clean.length <= maxLength) return clean
      // Never leave half of a surrogate pair at the cut.
      const cut = clean.slice(0, maxLength - 1).replace(/[\ud800-\udbff]$/, '')
      return `${cut.trimEnd()}…`
    },
  }
}
