import type { DecodeContext } from '../decode-context'
import { type Candidates, sortedCandidates } from '../distribution'
import { applyChain, draw, type Processor } from '../processors'
import { TokenHistory } from '../processors/history'
import { seededRandom } from '../rng'
import { DecodeError } from '../errors'
import { noContinuation } from './greedy'
import { defineStrategy, seedOf, type StrategyOutput } from './strategy'
import { z } from 'zod'
import { buildChain, HF_ORDER, PROCESSORS } from '../processors/order'
import { order, PROCESSOR_NAMES_ZH, sampleProcessors, samples, seed, SEEDED_NAMES_ZH } from './params'

export interface SamplingParams {
  seed: number
  samples: number
}

/**
 * Draws `samples` sequences from the processed distribution with one seeded generator.
 * The probabilities recorded are always the model's own; processors only decide what is drawn.
 */
export async function sampling(ctx: DecodeContext, chain: readonly Processor[], { seed, samples }: SamplingParams): Promise<StrategyOutput> {
  const random = seededRandom(seed)
  const sorted = new Map<number, Candidates>()
  const sequences = []
  for (let s = 0; s < samples; s++) {
    let node = ctx.start
    // Kept up to date token by token, so that penalties do not rescan the context at every step.
    const history = new TokenHistory(ctx.context(node.id))
    while (!ctx.isComplete(node)) {
      const { dist } = await ctx.expand(node.id)
      let own = sorted.get(node.id)
      if (!own) sorted.set(node.id, (own = sortedCandidates(dist)))
      if (own.ids.length === 0) throw noContinuation(ctx, node.id)
      const processed = applyChain(chain, own, history)
      if (processed.cutBeyondKnown) {
        ctx.warnings.add('a truncation cut fell beyond the tokens a partial distribution listed; it kept every listed token')
      }
      for (const w of processed.warnings ?? []) ctx.warnings.add(w)
      if (processed.ids.length === 0) throw nothingLeft(ctx, node.id, chain)
      const kept = new Set(processed.ids)
      for (let k = 0; k < Math.min(own.ids.length, ctx.options.topN); k++) {
        if (!kept.has(own.ids[k])) ctx.tree.mark(ctx.childAt(node.id, own, k).id, 'filtered')
      }
      const token = processed.ids[draw(processed, random())]
      node = ctx.childAt(node.id, own, own.ids.indexOf(token))
      history.push(token)
      ctx.tree.mark(node.id, 'kept')
      ctx.progress(node.depth, node.id)
    }
    ctx.tree.markPath(node.id, 'chosen')
    sequences.push(await ctx.sequence(node.id))
  }
  return { sequences }
}

function nothingLeft(ctx: DecodeContext, id: number, chain: readonly Processor[]): DecodeError {
  const prefix = ctx.context(id).map((t) => ctx.model.tokenText(t)).join(' ')
  return new DecodeError(`the processors (${chain.map((p) => p.name).join(', ')}) left no token to sample after "${prefix}"`)
}

/** The neutral value of every processor `sample` and `speculative` chain. */
export const PROCESSOR_NEUTRALS: Readonly<Record<string, number>> = Object.fromEntries(Object.entries(PROCESSORS).map(([k, { neutral }]) => [k, neutral]))

/** `sample` chains whatever it is given, in its recorded order (hf when it has none). */
export const sampleStrategy = defineStrategy({
  display: { zh: '随机采样', params: { ...PROCESSOR_NAMES_ZH, ...SEEDED_NAMES_ZH } },
  summary:
    '`temperature` (1), `topK` (0 = off), `topP` (1), `minP` (0), `typicalP` (1), `epsilon` (0), `eta` (0), `topNSigma` (0), `repetitionPenalty` (1), `frequencyPenalty` (0), `presencePenalty` (0), `noRepeatNgram` (0), `order` (`hf` \\| `llama` \\| `a>b>c`, recorded as a number code), `seed`, `samples`',
  schema: () => z.strictObject({ ...sampleProcessors(), order: order().optional(), seed: seed(), samples: samples() }),
  neutral: PROCESSOR_NEUTRALS,
  processors: (p) => buildChain(p, p.order ?? HF_ORDER),
  run: (ctx, p, { processors }) => sampling(ctx, processors, { seed: seedOf(p), samples: p.samples }),
  presets: [{ temperature: 1, seed: 1 }],
})
