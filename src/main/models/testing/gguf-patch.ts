import fs from 'node:fs'
import path from 'node:path'
import { GGUF_VALUE_TYPES } from '../../../core/gguf/gguf-format'
import { readGgufHeader } from '../../../core/gguf/gguf-reader'

const SIZES: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 }

/** Where each metadata value of a GGUF file starts, with its type code (arrays: the item type). */
function valueOffsets(bytes: Buffer): Map<string, { type: number; at: number }> {
  const out = new Map<string, { type: number; at: number }>()
  let pos = 16
  const kvCount = Number(bytes.readBigUInt64LE(16))
  pos = 24
  const skipString = (): string => {
    const n = Number(bytes.readBigUInt64LE(pos))
    const s = bytes.toString('utf8', pos + 8, pos + 8 + n)
    pos += 8 + n
    return s
  }
  const skipValue = (type: number): void => {
    if (type === GGUF_VALUE_TYPES.string) skipString()
    else if (type === GGUF_VALUE_TYPES.array) {
      const item = bytes.readUInt32LE(pos)
      const n = Number(bytes.readBigUInt64LE(pos + 4))
      pos += 12
      for (let i = 0; i < n; i++) skipValue(item)
    } else pos += SIZES[type]
  }
  for (let i = 0; i < kvCount; i++) {
    const key = skipString()
    const type = bytes.readUInt32LE(pos)
    pos += 4
    out.set(key, { type, at: pos })
    skipValue(type)
  }
  return out
}

/**
 * A copy of a GGUF file with scalar metadata values overwritten in place (same type), and keys that
 * the file lacks added as u32 at the front: a hostile file made from a real one.
 */
export function patchGguf(from: string, dir: string, name: string, values: Record<string, number>): string {
  let bytes = fs.readFileSync(from)
  const added = Object.entries(values).filter(([key]) => !valueOffsets(bytes).has(key))
  if (added.length > 0) {
    const entries = added.map(([key, value]) => {
      const k = Buffer.from(key, 'utf8')
      const e = Buffer.alloc(8 + k.length + 8)
      e.writeBigUInt64LE(BigInt(k.length), 0)
      k.copy(e, 8)
      e.writeUInt32LE(GGUF_VALUE_TYPES.u32, 8 + k.length)
      e.writeUInt32LE(value >>> 0, 12 + k.length)
      return e
    })
    const head = Buffer.from(bytes.subarray(0, 24))
    head.writeBigUInt64LE(head.readBigUInt64LE(16) + BigInt(added.length), 16)
    bytes = Buffer.concat([head, ...entries, bytes.subarray(24)])
  }
  const offsets = valueOffsets(bytes)
  for (const [key, value] of Object.entries(values)) {
    const { type, at } = offsets.get(key) as { type: number; at: number }
    if (type === GGUF_VALUE_TYPES.u32) bytes.writeUInt32LE(value >>> 0, at)
    else if (type === GGUF_VALUE_TYPES.i32) bytes.writeInt32LE(value, at)
    else if (type === GGUF_VALUE_TYPES.f32) bytes.writeFloatLE(value, at)
    else if (type === GGUF_VALUE_TYPES.u64) bytes.writeBigUInt64LE(BigInt(value), at)
    else throw new TypeError(`${key} has type ${type}: only u32, i32, u64 and f32 values can be patched`)
  }
  const file = path.join(dir, name)
  fs.writeFileSync(file, bytes)
  return file
}

/** A copy of a GGUF file (F32 tensors) with every value of one tensor set to `value`. */
export function fillTensor(from: string, dir: string, name: string, tensor: string, value: number): string {
  const bytes = fs.readFileSync(from)
  const header = readGgufHeader(bytes)
  const t = header.tensors.find((x) => x.name === tensor)
  if (!t || t.type !== 0) throw new TypeError(`${from} has no F32 tensor ${tensor}`)
  const count = t.shape.reduce((a, b) => a * b, 1)
  const start = header.dataOffset + t.offset
  for (let i = 0; i < count; i++) bytes.writeFloatLE(value, start + 4 * i)
  const file = path.join(dir, name)
  fs.writeFileSync(file, bytes)
  return file
}
