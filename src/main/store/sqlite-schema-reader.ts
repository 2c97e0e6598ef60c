/**
 * Reads an SQLite file's header and the names in its schema table straight from its bytes, so
 * that a file can be identified without opening it with SQLite (which, for a WAL-mode file, would
 * create -wal and -shm files beside it). Every offset is checked against the file: a hostile or
 * damaged file gives a MalformedSqliteFile, never an out-of-bounds read or an endless walk.
 * See https://www.sqlite.org/fileformat2.html.
 */

export const SQLITE_MAGIC = 'SQLite format 3\u0000'
export const HEADER_BYTES = 100

export class MalformedSqliteFile extends Error {
  override name = 'MalformedSqliteFile'
}

export interface SqliteHeader {
  pageSize: number
  /** Bytes of each page that b-trees may use (page size less the reserved bytes). */
  usableSize: number
  /** 2 when the file is in WAL mode. */
  writeVersion: number
  userVersion: number
  applicationId: number
  textEncoding: 'utf-8' | 'utf-16le' | 'utf-16be'
}

export interface SchemaObject {
  type: string
  name: string
}

/** Reads `length` bytes at `offset` (fewer at the end of the file). */
export type ReadBytes = (offset: number, length: number) => Uint8Array

const ENCODINGS = { 1: 'utf-8', 2: 'utf-16le', 3: 'utf-16be' } as const
/** More schema objects than any real file holds; a bound on the walk, not a limit anyone meets. */
const MAX_SCHEMA_PAGES = 10_000
/** Type and name columns longer than this are cut: they only go into a message. */
const MAX_NAME_BYTES = 4096

export function parseHeader(bytes: Uint8Array): SqliteHeader {
  if (bytes.length < HEADER_BYTES)
    throw new MalformedSqliteFile(`its header is cut short (${bytes.length} of ${HEADER_BYTES} bytes)`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const raw = view.getUint16(16)
  const pageSize = raw === 1 ? 65536 : raw
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0)
    throw new MalformedSqliteFile(`its page size ${raw} is not a power of two from 512 to 65536`)
  const usableSize = pageSize - bytes[20]
  if (usableSize < 480) throw new MalformedSqliteFile(`it reserves ${bytes[20]} bytes of each ${pageSize}-byte page`)
  const encoding = view.getUint32(56)
  // 0 is what a file with no schema yet holds; SQLite then uses UTF-8.
  const textEncoding = encoding === 0 ? 'utf-8' : ENCODINGS[encoding as 1 | 2 | 3]
  if (!textEncoding) throw new MalformedSqliteFile(`its text encoding ${encoding} is none of 1, 2, 3`)
  return {
    pageSize,
    usableSize,
    writeVersion: bytes[18],
    userVersion: view.getInt32(60),
    applicationId: view.getInt32(68),
    textEncoding,
  }
}

/** The type and name of every row of sqlite_schema (tables, indexes, views, triggers), in b-tree order. */
export function readSchema(read: ReadBytes, fileSize: number, header: SqliteHeader): SchemaObject[] {
  const pageCount = Math.floor(fileSize / header.pageSize)
  // A file of only a header page with no b-tree yet (0 bytes after the header) is an empty schema.
  if (pageCount === 0) throw new MalformedSqliteFile(`it is shorter than one ${header.pageSize}-byte page`)
  const decoder = new TextDecoder(header.textEncoding)
  const objects: SchemaObject[] = []
  const seen = new Set<number>()
  const pending = [1]
  while (pending.length) {
    const pageNo = pending.pop() as number
    if (pageNo < 1 || pageNo > pageCount)
      throw new MalformedSqliteFile(`its schema points at page ${pageNo} of ${pageCount}`)
    if (seen.has(pageNo)) throw new MalformedSqliteFile(`its schema b-tree visits page ${pageNo} twice`)
    if (seen.size >= MAX_SCHEMA_PAGES)
      throw new MalformedSqliteFile(`its schema spans more than ${MAX_SCHEMA_PAGES} pages`)
    seen.add(pageNo)
    const page = readPage(read, pageNo, header.pageSize)
    const at = pageNo === 1 ? HEADER_BYTES : 0
    const type = page[at]
    const cells = (page[at + 3] << 8) | page[at + 4]
    const headerSize = type === 0x05 ? 12 : type === 0x0d ? 8 : 0
    if (headerSize === 0)
      throw new MalformedSqliteFile(`page ${pageNo} of its schema has b-tree type ${type}, not a table page`)
    if (at + headerSize + 2 * cells > header.usableSize)
      throw new MalformedSqliteFile(`page ${pageNo} claims ${cells} cells, more than fit`)
    const children: number[] = []
    for (let i = 0; i < cells; i++) {
      const cellAt = (page[at + headerSize + 2 * i] << 8) | page[at + headerSize + 2 * i + 1]
      if (cellAt < at + headerSize + 2 * cells || cellAt >= header.usableSize)
        throw new MalformedSqliteFile(`a cell of page ${pageNo} lies outside the page`)
      if (type === 0x05) children.push(uint32(page, cellAt, pageNo))
      else objects.push(readSchemaRow(read, page, cellAt, pageNo, pageCount, header, decoder))
    }
    if (type === 0x05) children.push(uint32(page, at + 8, pageNo))
    // Reversed onto a stack, so that rows come out in b-tree order.
    for (let i = children.length - 1; i >= 0; i--) pending.push(children[i])
  }
  return objects
}

function readPage(read: ReadBytes, pageNo: number, pageSize: number): Uint8Array {
  const page = read((pageNo - 1) * pageSize, pageSize)
  if (page.length < pageSize) throw new MalformedSqliteFile(`page ${pageNo} is cut short`)
  return page
}

function uint32(bytes: Uint8Array, at: number, pageNo: number): number {
  if (at + 4 > bytes.length) throw new MalformedSqliteFile(`a page number on page ${pageNo} runs past the page`)
  return ((bytes[at] << 24) >>> 0) + ((bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3])
}

/** A varint at `at`: its value and the offset after it. */
function varint(bytes: Uint8Array, at: number, end: number): [number, number] {
  let value = 0
  for (let i = 0; i < 9; i++) {
    if (at + i >= end) throw new MalformedSqliteFile('a number runs past the end of its cell')
    const b = bytes[at + i]
    if (i === 8) return [value * 256 + b, at + 9]
    value = value * 128 + (b & 0x7f)
    if ((b & 0x80) === 0) return [value, at + i + 1]
  }
  throw new MalformedSqliteFile('unreachable')
}

/** A leaf cell of sqlite_schema: the record's first two columns (type, name), following overflow pages as needed. */
function readSchemaRow(
  read: ReadBytes,
  page: Uint8Array,
  cellAt: number,
  pageNo: number,
  pageCount: number,
  header: SqliteHeader,
  decoder: Decoder,
): SchemaObject {
  const end = header.usableSize
  const [payloadSize, afterSize] = varint(page, cellAt, end)
  const [, payloadAt] = varint(page, afterSize, end)
  const u = header.usableSize
  const maxLocal = u - 35
  const minLocal = Math.floor(((u - 12) * 32) / 255) - 23
  const spill = minLocal + ((payloadSize - minLocal) % (u - 4))
  const local = payloadSize <= maxLocal ? payloadSize : spill <= maxLocal ? spill : minLocal
  if (payloadAt + local > end) throw new MalformedSqliteFile(`a schema row on page ${pageNo} runs past the page`)

  // Only a prefix of the record is needed: its header and two short columns.
  const want = Math.min(payloadSize, MAX_NAME_BYTES * 2 + 64)
  const chunks: Uint8Array[] = [page.subarray(payloadAt, payloadAt + Math.min(local, want))]
  let have = chunks[0].length
  let next = local < payloadSize ? uint32(page, payloadAt + local, pageNo) : 0
  const chain = new Set<number>()
  while (have < want) {
    if (next < 1 || next > pageCount || chain.has(next))
      throw new MalformedSqliteFile(`a schema row on page ${pageNo} has a broken overflow chain`)
    chain.add(next)
    const overflow = readPage(read, next, header.pageSize)
    const part = overflow.subarray(4, Math.min(u, 4 + want - have))
    chunks.push(part)
    have += part.length
    next = uint32(overflow, 0, next)
  }
  const record = concat(chunks, have)
  return { type: column(record, 0, decoder, pageNo), name: column(record, 1, decoder, pageNo) }
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]
  const out = new Uint8Array(total)
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.length
  }
  return out
}

type Decoder = InstanceType<typeof TextDecoder>

const FIXED_SIZES = [0, 1, 2, 3, 4, 6, 8, 8, 0, 0]

/** Column `index` of a record as text (a schema's type and name are text; anything else is shown as its SQLite type). */
function column(record: Uint8Array, index: number, decoder: Decoder, pageNo: number): string {
  const [headerSize, first] = varint(record, 0, record.length)
  if (headerSize > record.length || headerSize < first)
    throw new MalformedSqliteFile(`a schema row on page ${pageNo} has a broken record header`)
  let at = first
  let body = headerSize
  for (let i = 0; ; i++) {
    if (at >= headerSize)
      throw new MalformedSqliteFile(`a schema row on page ${pageNo} has fewer than ${index + 1} columns`)
    const [serial, after] = varint(record, at, headerSize)
    at = after
    const size = serial >= 12 ? Math.floor((serial - 12) / 2) : serial < 10 ? FIXED_SIZES[serial] : -1
    if (size < 0)
      throw new MalformedSqliteFile(`a schema row on page ${pageNo} uses the reserved column type ${serial}`)
    if (i === index) {
      if (serial < 13 || serial % 2 === 0) return serial === 0 ? 'NULL' : '(not text)'
      return decoder.decode(record.subarray(body, Math.min(body + Math.min(size, MAX_NAME_BYTES), record.length)))
    }
    body += size
  }
}
