/** GGUF file layout constants (the format llama.cpp reads), shared by the writer and the reader. */

/** "GGUF" read as a little-endian uint32. */
export const GGUF_MAGIC = 0x46554747
export const GGUF_VERSION = 3
export const GGUF_DEFAULT_ALIGNMENT = 32

/** Metadata value types, by their code in the file. */
export const GGUF_VALUE_TYPES = {
  u8: 0,
  i8: 1,
  u16: 2,
  i16: 3,
  u32: 4,
  i32: 5,
  f32: 6,
  bool: 7,
  string: 8,
  array: 9,
  u64: 10,
  i64: 11,
  f64: 12,
} as const

export type GgufScalarType = Exclude<keyof typeof GGUF_VALUE_TYPES, 'array'>
export type GgufScalar = number | bigint | boolean | string

/** A metadata value with the type it is stored as. */
export type GgufValue =
  | { type: GgufScalarType; value: GgufScalar }
  | { type: 'array'; itemType: GgufScalarType; value: readonly GgufScalar[] }

export const GGML_TYPE_F32 = 0
export const GGML_TYPE_F16 = 1
