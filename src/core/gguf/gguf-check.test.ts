// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { InputError } from '../errors'
import { checkGgufHeader, estimateMemoryBytes } from './gguf-check'
import { writeGguf } from './gguf-writer'
import { llamaMetadata } from './llama-gguf'
import { randomLlama } from './random-llama'

const spec = randomLlama({ chars: [...'ab'], d: 16, layers: 2, heads: 2, ff: 16, contextLength: 32 })
const check = (bytes: Uint8Array, size = bytes.length) => checkGgufHeader('m.gguf', { size, read: (at, n) => bytes.subarray(at, at + n) })

describe('checkGgufHeader', () => {
  it('accepts a complete model file', () => {
    const bytes = writeGguf({ metadata: llamaMetadata(spec), tensors: spec.tensors })
    expect(check(bytes).tensors).toHaveLength(spec.tensors.length)
  })

  it('reads the first MiB of a large file, not all of it', () => {
    const bytes = writeGguf({ metadata: llamaMetadata(spec), tensors: spec.tensors })
    const lengths: number[] = []
    checkGgufHeader('m.gguf', { size: 2 ** 30, read: (at, n) => (lengths.push(n), bytes.subarray(at, at + n)) })
    expect(lengths).toEqual([2 ** 20])
  })

  it('names what is wrong in one line', () => {
    const cases: [Uint8Array, string][] = [
      [new Uint8Array(0), 'm.gguf is truncated: its GGUF header runs past the end of the file (0 bytes)'],
      [new TextEncoder().encode('PK\x03\x04'), 'm.gguf is not a GGUF model file: it does not start with "GGUF"'],
      [writeGguf({ metadata: [], tensors: spec.tensors }), 'm.gguf is not a language model: its GGUF metadata has no general.architecture'],
      [writeGguf({ metadata: llamaMetadata(spec), tensors: [] }), 'm.gguf holds no weights (a vocabulary-only GGUF file?)'],
    ]
    for (const [bytes, message] of cases) expect(() => check(bytes)).toThrow(new InputError(message))
    const whole = writeGguf({ metadata: llamaMetadata(spec), tensors: spec.tensors })
    expect(() => check(whole.subarray(0, whole.length - 1))).toThrow(
      new InputError(`m.gguf is truncated: it has ${whole.length - 1} bytes, its tensors need ${whole.length}`),
    )
  })
})

describe('estimateMemoryBytes', () => {
  it('adds an F16 key and value cache per layer, position and sequence to the file size', () => {
    const header = check(writeGguf({ metadata: llamaMetadata(spec), tensors: spec.tensors }))
    // 2 (K and V) × 2 layers × 32 positions × 4 sequences × 16 wide × 2 bytes
    expect(estimateMemoryBytes(header, 1000, 32, 4)).toBe(1000 + 2 * 2 * 32 * 4 * 16 * 2)
  })
})
