import fs from 'node:fs'
import path from 'node:path'
import type { LlamaModel, Token } from 'node-llama-cpp'
import { writeLlamaGguf } from '../../../core/gguf/llama-gguf'
import { type RandomLlamaOptions, randomLlama } from '../../../core/gguf/random-llama'
import type { TokenId } from '../../../core/types'

/** Lower-case letters, space, punctuation, newline and a few CJK characters. */
export const FIXTURE_CHARS = [...'abcdefghijklmnopqrstuvwxyz .,!?\n天气好坏'] as const

/** Writes a seeded random llama model (tiny by default) and returns its path. */
export function writeRandomGguf(dir: string, name: string, opts: Partial<RandomLlamaOptions> = {}): string {
  const file = path.join(dir, name)
  const spec = randomLlama({ chars: FIXTURE_CHARS, d: 32, layers: 2, heads: 4, ff: 64, seed: 1, ...opts })
  fs.writeFileSync(file, writeLlamaGguf(spec))
  return file
}

/**
 * Characters from the CJK and Hangul blocks, then CJK Extension B and the supplementary private use area:
 * enough for a character vocabulary of `count` tokens, up to about 190,000 (a 152k vocabulary, say).
 */
export function manyChars(count: number): string[] {
  const out: string[] = []
  for (const [from, to] of [
    [0x4e00, 0x9fff],
    [0x3400, 0x4dbf],
    [0xac00, 0xd7a3],
    [0x20000, 0x2a6df],
    [0xf0000, 0xffffd],
    [0x100000, 0x10fffd],
  ]) {
    for (let c = from; c <= to && out.length < count; c++) out.push(String.fromCodePoint(c))
  }
  if (out.length < count) throw new RangeError(`at most ${out.length} characters are available`)
  return out
}

/** node-llama-cpp's own greedy generation (temperature 0) from `context`, stopping after EOS or `maxTokens`. */
export async function llamaGreedy(
  model: LlamaModel,
  context: readonly TokenId[],
  maxTokens: number,
  eos: TokenId,
): Promise<TokenId[]> {
  const ctx = await model.createContext({
    contextSize: Math.max(64, context.length + maxTokens + 1),
    sequences: 1,
    threads: 1,
  })
  try {
    const out: TokenId[] = []
    for await (const token of ctx.getSequence().evaluate(context as Token[], { temperature: 0 })) {
      out.push(token)
      if (token === eos || out.length >= maxTokens) break
    }
    return out
  } finally {
    await ctx.dispose()
  }
}
