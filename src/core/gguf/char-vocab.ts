/** Token types of llama.cpp's `tokenizer.ggml.token_type`. */
export const TOKEN_TYPE = { normal: 1, unknown: 2, control: 3, byte: 6 } as const

export const UNK_ID = 0
export const BOS_ID = 1
export const EOS_ID = 2
/** Ids 3..258 are the byte tokens <0x00>..<0xFF>; characters follow. */
export const FIRST_CHAR_ID = 259

/** llama.cpp's SentencePiece tokenizer writes a space as U+2581 before looking it up. */
const SPM_SPACE = '\u2581'

export interface CharVocab {
  tokens: string[]
  types: number[]
  scores: number[]
}

/**
 * A SentencePiece-style ("llama") vocabulary in which every character is one token:
 * <unk>, <s>, </s>, the 256 byte tokens (llama.cpp needs <0x0A>; characters outside the
 * vocabulary fall back to them), then `chars` in order, so `chars[i]` gets id FIRST_CHAR_ID + i.
 */
export function charVocab(chars: readonly string[]): CharVocab {
  const tokens = ['<unk>', '<s>', '</s>']
  const types: number[] = [TOKEN_TYPE.unknown, TOKEN_TYPE.control, TOKEN_TYPE.control]
  for (let b = 0; b < 256; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`)
    types.push(TOKEN_TYPE.byte)
  }
  const seen = new Set<string>()
  for (const c of chars) {
    if ([...c].length !== 1) throw new RangeError(`vocabulary entry ${JSON.stringify(c)} is not one character`)
    if (seen.has(c)) throw new RangeError(`character ${JSON.stringify(c)} appears twice in the vocabulary`)
    seen.add(c)
    tokens.push(c === ' ' ? SPM_SPACE : c)
    types.push(TOKEN_TYPE.normal)
  }
  return { tokens, types, scores: tokens.map(() => 0) }
}
