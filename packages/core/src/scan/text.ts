import { isAscii } from 'node:buffer'
import type { OutputFile } from '../types'

const BINARY_EXTENSIONS = /\.(?:png|jpe?g|gif|webp|avif|ico|bmp|tiff?|wasm|woff2?|ttf|otf|eot|mp[34]|webm|ogg|wav|flac|zip|gz|br|zst|pdf|node)$/i

export interface FileText {
  text: string
  /** Binary files are read as latin1 so offsets are bytes and every byte survives. */
  binary: boolean
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

const decoded = new WeakMap<Uint8Array, FileText>()
// Bytes whose decoded text is one char per byte (ASCII, binary, invalid UTF-8): that text is
// also the latin1 view rewriting needs, so it is not decoded twice.
const oneCharPerByte = new WeakSet<Uint8Array>()

/**
 * Text of a file for scanning. Strings are used as they are; bytes are decoded once: UTF-8, or
 * UTF-16 with a BOM; anything else (binary, invalid UTF-8) as latin1, one char per byte, so
 * every byte is seen and offsets are byte offsets.
 */
export function readText(file: OutputFile): FileText {
  const { contents } = file
  if (typeof contents === 'string') return { text: contents, binary: false }
  // Fixing and checking both read a file: decode its bytes once.
  let text = decoded.get(contents)
  if (!text) {
    text = decode(file.fileName, contents)
    decoded.set(contents, text)
  }
  return text
}

/** The first bytes of a file as text: enough to tell a map by its start. */
export function readHead(file: OutputFile, chars = 256): string {
  const { contents } = file
  if (typeof contents === 'string') return contents.slice(0, chars)
  return decoded.get(contents)?.text.slice(0, chars) ?? latin1(contents.subarray(0, chars))
}

function decode(fileName: string, contents: Uint8Array): FileText {
  if (contents[0] === 0xFF && contents[1] === 0xFE) return { text: new TextDecoder('utf-16le').decode(contents), binary: false }
  if (contents[0] === 0xFE && contents[1] === 0xFF) return { text: new TextDecoder('utf-16be').decode(contents), binary: false }
  if (BINARY_EXTENSIONS.test(fileName) || hasNul(contents)) return byteText(contents, true)
  // Most build output is ASCII, where latin1 gives the same text and decodes twice as fast.
  if (isAscii(contents)) return byteText(contents, false)
  try {
    return { text: strictUtf8.decode(contents), binary: false }
  }
  catch {
    // Text, but not UTF-8: still judged as text, with byte offsets.
    return byteText(contents, false)
  }
}

function byteText(contents: Uint8Array, binary: boolean): FileText {
  oneCharPerByte.add(contents)
  return { text: latin1(contents), binary }
}

/**
 * Text of a file for rewriting, the same text the scan reads, with the way back to bytes that
 * changes no byte outside an edit: bytes read one char per byte (ASCII, binary, invalid UTF-8)
 * are edited as latin1; valid UTF-8 and UTF-16 round-trip exactly through their decoded text,
 * their BOM (which the decoder drops) put back. Editing the decoded text means a comment after
 * U+2028 or a no-break space is found here as the scan finds it.
 */
export function readBytesAsText(file: OutputFile): { text: string, encode: (text: string) => string | Uint8Array } {
  const { contents } = file
  if (typeof contents === 'string') return { text: contents, encode: t => t }
  const { text } = readText(file)
  if (oneCharPerByte.has(contents)) return { text, encode: t => new Uint8Array(Buffer.from(t, 'latin1')) }
  const utf16 = contents[0] === 0xFF && contents[1] === 0xFE ? 'le' : contents[0] === 0xFE && contents[1] === 0xFF ? 'be' : undefined
  if (utf16) {
    return { text, encode: (t) => {
      const body = Buffer.from(t, 'utf16le')
      if (utf16 === 'be') body.swap16()
      return new Uint8Array(Buffer.concat([contents.subarray(0, 2), body]))
    } }
  }
  const bom = contents[0] === 0xEF && contents[1] === 0xBB && contents[2] === 0xBF ? contents.subarray(0, 3) : new Uint8Array(0)
  return { text, encode: t => new Uint8Array(Buffer.concat([bom, Buffer.from(t, 'utf8')])) }
}

function hasNul(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, 8192)
  for (let i = 0; i < end; i++) {
    if (bytes[i] === 0) return true
  }
  return false
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
}

/** Turns offsets into 1-based line and column; offsets must be visited in ascending order. */
export function createLineCounter(text: string) {
  let line = 1
  let lineStart = 0
  let pos = 0
  return (offset: number): { line: number, column: number } => {
    if (offset < pos) {
      line = 1
      lineStart = 0
      pos = 0
    }
    let nl = text.indexOf('\n', pos)
    while (nl !== -1 && nl < offset) {
      line++
      lineStart = nl + 1
      nl = text.indexOf('\n', lineStart)
    }
    pos = offset
    return { line, column: offset - lineStart + 1 }
  }
}

const EXCERPT_CONTEXT = 40
const EXCERPT_MAX_MATCH = 120

/** A window of the hit's line, with the hit's place in it. Bundles are one long line: never the whole line. */
export function excerptAt(text: string, offset: number, length: number): { excerpt: string, excerptMatch: [number, number], at: (offset: number) => number } {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1
  let lineEnd = text.indexOf('\n', offset)
  if (lineEnd === -1) lineEnd = text.length
  const matchLength = Math.min(length, EXCERPT_MAX_MATCH, lineEnd - offset)
  const start = Math.max(lineStart, offset - EXCERPT_CONTEXT)
  const end = Math.min(lineEnd, offset + matchLength + EXCERPT_CONTEXT)
  const before = (start > lineStart ? '…' : '') + clean(text.slice(start, offset))
  const hit = clean(text.slice(offset, offset + matchLength)) + (matchLength < length ? '…' : '')
  const after = clean(text.slice(offset + matchLength, end)) + (end < lineEnd ? '…' : '')
  // Where a text offset lands in the excerpt (chars map one to one past the leading `…`).
  const lead = start > lineStart ? 1 : 0
  return { excerpt: before + hit + after, excerptMatch: [before.length, before.length + hit.length], at: o => o - start + lead }
}

const printable = (c: number) => c >= 0x20 && c < 0x7F

/**
 * The printable run of bytes around a hit in a binary file (as `strings` shows it): lines mean
 * nothing there, and the bytes around a string are not text. Same shape as `excerptAt`.
 */
export function binaryExcerptAt(text: string, offset: number, length: number): ReturnType<typeof excerptAt> {
  let start = offset
  while (start > offset - EXCERPT_CONTEXT && start > 0 && printable(text.charCodeAt(start - 1))) start--
  const matchLength = Math.min(length, EXCERPT_MAX_MATCH)
  let end = offset + matchLength
  while (end < offset + matchLength + EXCERPT_CONTEXT && end < text.length && printable(text.charCodeAt(end))) end++
  // `…` only where the run goes on: a run that ends at a non-printable byte ends there.
  const lead = start > 0 && printable(text.charCodeAt(start - 1)) ? 1 : 0
  const trail = end < text.length && printable(text.charCodeAt(end)) ? '…' : ''
  const before = (lead ? '…' : '') + clean(text.slice(start, offset))
  const hit = clean(text.slice(offset, offset + matchLength)) + (matchLength < length ? '…' : '')
  return { excerpt: before + hit + trail, excerptMatch: [before.length, before.length + hit.length], at: o => o - start + lead }
}

// Control characters would break terminals and SARIF viewers; each becomes one visible char.
function clean(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000B-\u001F\u007F\r\t]/g, c => (c === '\t' ? ' ' : '\uFFFD'))
}
