import { GGML_TYPE_NAMES, tensorByteSize } from './ggml-types'
import type { GgufHeader } from './gguf-reader'

/** llama.cpp's LLAMA_FTYPE values (llama.h): what `general.file_type` says a file is quantised as. */
const FILE_TYPES: Record<number, string> = {
  0: 'F32',
  1: 'F16',
  2: 'Q4_0',
  3: 'Q4_1',
  7: 'Q8_0',
  8: 'Q5_0',
  9: 'Q5_1',
  10: 'Q2_K',
  11: 'Q3_K_S',
  12: 'Q3_K_M',
  13: 'Q3_K_L',
  14: 'Q4_K_S',
  15: 'Q4_K_M',
  16: 'Q5_K_S',
  17: 'Q5_K_M',
  18: 'Q6_K',
  19: 'IQ2_XXS',
  20: 'IQ2_XS',
  21: 'Q2_K_S',
  22: 'IQ3_XS',
  23: 'IQ3_XXS',
  24: 'IQ1_S',
  25: 'IQ4_NL',
  26: 'IQ3_S',
  27: 'IQ3_M',
  28: 'IQ2_S',
  29: 'IQ2_M',
  30: 'IQ4_XS',
  31: 'IQ1_M',
  32: 'BF16',
  36: 'TQ1_0',
  37: 'TQ2_0',
  38: 'MXFP4_MOE',
  39: 'NVFP4',
  40: 'Q1_0',
  41: 'Q2_0',
}

/**
 * A GGUF file's quantisation: the file type it declares, else the tensor type holding most of its
 * weight bytes ("mostly Q4_K", or "F32" when every tensor has one type).
 */
export function ggufQuantisation(header: GgufHeader): string {
  const declared = header.metadata.get('general.file_type')
  if (typeof declared === 'number' && FILE_TYPES[declared]) return FILE_TYPES[declared]
  const bytes = new Map<number, number>()
  for (const t of header.tensors) bytes.set(t.type, (bytes.get(t.type) ?? 0) + (tensorByteSize(t.type, t.shape) ?? 0))
  if (bytes.size === 0) return 'unknown (no tensors)'
  const [top] = [...bytes.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])
  const name = GGML_TYPE_NAMES[top[0]] ?? `ggml type ${top[0]}`
  return bytes.size === 1 ? name : `mostly ${name}`
}
