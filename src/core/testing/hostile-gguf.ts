import type { GgufScalarType } from '../gguf/gguf-format'
import { writeGguf } from '../gguf/gguf-writer'

const tensors = [{ name: 'token_embd.weight', shape: [1, 1], data: new Float32Array(1) }]

/**
 * A llama GGUF header whose metadata key `key` is an array of `itemType` that declares `count`
 * items but holds one: the bytes a hostile file starts with (make it sparse to give it room).
 */
export function ggufDeclaringArray(key: string, itemType: GgufScalarType, count: number | bigint): Uint8Array {
  const one =
    itemType === 'string' ? 'a' : itemType === 'bool' ? true : itemType.endsWith('64') && itemType !== 'f64' ? 1n : 1
  const bytes = writeGguf({
    metadata: [
      ['general.architecture', { type: 'string', value: 'llama' }],
      [key, { type: 'array', itemType, value: [one] }],
    ],
    tensors,
  })
  // The key's bytes, then its value type (u32), item type (u32) and item count (u64).
  const at = indexOf(bytes, new TextEncoder().encode(key)) + key.length + 8
  new DataView(bytes.buffer, bytes.byteOffset).setBigUint64(at, BigInt(count), true)
  return bytes
}

/** A llama GGUF header whose metadata key `key` is a string that declares `length` bytes. */
export function ggufDeclaringString(key: string, length: number | bigint): Uint8Array {
  const bytes = writeGguf({
    metadata: [
      ['general.architecture', { type: 'string', value: 'llama' }],
      [key, { type: 'string', value: 'x' }],
    ],
    tensors,
  })
  const at = indexOf(bytes, new TextEncoder().encode(key)) + key.length + 4
  new DataView(bytes.buffer, bytes.byteOffset).setBigUint64(at, BigInt(length), true)
  return bytes
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer
    return i
  }
  throw new Error('needle not found')
}
