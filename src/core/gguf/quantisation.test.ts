import { describe, expect, it } from 'vitest'
import type { GgufHeader, GgufTensorInfo } from './gguf-reader'
import { ggufQuantisation } from './quantisation'

function header(metadata: [string, number][], tensors: Pick<GgufTensorInfo, 'type' | 'shape'>[]): GgufHeader {
  return {
    version: 3,
    metadata: new Map(metadata),
    tensors: tensors.map((t, i) => ({ name: `t${i}`, offset: 0, ...t })),
    alignment: 32,
    dataOffset: 0,
    dataEnd: 0,
  }
}

describe('ggufQuantisation', () => {
  it('names the file type a file declares (llama.h LLAMA_FTYPE)', () => {
    expect(ggufQuantisation(header([['general.file_type', 15]], []))).toBe('Q4_K_M')
    expect(ggufQuantisation(header([['general.file_type', 0]], []))).toBe('F32')
    expect(ggufQuantisation(header([['general.file_type', 7]], []))).toBe('Q8_0')
  })

  it('falls back to the tensor type with the most bytes when the file declares none', () => {
    // 256×256 Q4_K: 256 blocks of 144 bytes = 36,864 bytes; 256 F32: 1,024 bytes.
    expect(
      ggufQuantisation(
        header(
          [],
          [
            { type: 12, shape: [256, 256] },
            { type: 0, shape: [256] },
          ],
        ),
      ),
    ).toBe('mostly Q4_K')
    // 64×64 F32 = 16,384 bytes outweighs 64×64 Q8_0 = 128 blocks × 34 = 4,352 bytes.
    expect(
      ggufQuantisation(
        header(
          [],
          [
            { type: 8, shape: [64, 64] },
            { type: 0, shape: [64, 64] },
          ],
        ),
      ),
    ).toBe('mostly F32')
    expect(
      ggufQuantisation(
        header(
          [],
          [
            { type: 1, shape: [8, 8] },
            { type: 1, shape: [8] },
          ],
        ),
      ),
    ).toBe('F16')
    // An unknown declared value is not trusted either.
    expect(ggufQuantisation(header([['general.file_type', 999]], [{ type: 0, shape: [4] }]))).toBe('F32')
  })
})
