import { decode } from '../src/core/decode'
import type { LanguageModel } from '../src/core/types'
import { parseStrategySpec } from '../src/core/strategy-spec'
import { table } from '../src/core/testing/tables'

/**
 * Time per token should not grow with the length decoded: `decode.flatness.*` is ms/token at
 * 2000 tokens over ms/token at 200 (1 = flat), on a table model whose cost per call is constant,
 * so that what grows is the decoder's own per-step work. CPU time, not wall time, so that other
 * processes on the machine disturb the ratio less.
 */
export async function benchFlatness(): Promise<Record<string, number>> {
  // 64 words, never EOS: every run decodes exactly maxTokens tokens.
  const words = Array.from({ length: 64 }, (_, i) => `w${i}`)
  const next = Object.fromEntries(words.map((w, i) => [w, (i + 1) / ((64 * 65) / 2)]))
  const model = table('flat', { vocab: ['<s>', '</s>', ...words], default: next })
  const figures: Record<string, number> = {}
  for (const [name, spec] of [
    ['greedy', 'greedy'],
    ['sample', 'sample:temperature=0.8,topP=0.95,seed=1'],
    ['penalties', 'sample:repetitionPenalty=1.2,frequencyPenalty=0.3,presencePenalty=0.3,noRepeatNgram=3,seed=1'],
    ['beam', 'beam:width=4'],
  ] as const) {
    const short = await msPerToken(model, spec, 200)
    const long = await msPerToken(model, spec, 2000)
    figures[`decode.${name}.msPerToken200`] = short
    figures[`decode.${name}.msPerToken2000`] = long
    figures[`decode.flatness.${name}`] = long / short
  }
  return figures
}

/** Median CPU ms per token of 7 runs (after 2 warm-ups), each decoding about 20,000 tokens in all. */
async function msPerToken(model: LanguageModel, text: string, maxTokens: number): Promise<number> {
  const spec = parseStrategySpec(text, () => 1)
  const repeats = Math.ceil(20_000 / maxTokens)
  const once = async (): Promise<number> => {
    const start = process.cpuUsage()
    for (let i = 0; i < repeats; i++) await decode(model, [], spec, { maxTokens, topN: 10 })
    const used = process.cpuUsage(start)
    return (used.user + used.system) / 1000 / (repeats * maxTokens)
  }
  for (let i = 0; i < 2; i++) await once()
  const times: number[] = []
  for (let i = 0; i < 7; i++) times.push(await once())
  return times.sort((a, b) => a - b)[3]
}
