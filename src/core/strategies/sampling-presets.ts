import { z } from 'zod'
import { type Processor, temperature, topK, topP } from '../processors'
import { minP, typicalP } from '../processors/truncation'
import { samples, seed, SEEDED_NAMES_ZH, temperature as temperatureParam, unit } from './params'
import { sampling } from './sampling'
import { defineStrategy, seedOf, type StrategyOutput } from './strategy'
import type { DecodeContext } from '../decode-context'

/**
 * The presets of `sample`: temperature then one truncation, as Hugging Face chains them. Each has
 * its own name and default so that its runs record what they always did.
 */
const sharedZh = { temperature: '温度', ...SEEDED_NAMES_ZH }
const shared = () => ({ temperature: temperatureParam(), seed: seed(), samples: samples() })
const probability = (defaultValue: number) => unit('p', '(0, 1]', 'gt', 'lte').default(defaultValue)
const run = (
  ctx: DecodeContext,
  p: { seed?: number; samples: number },
  { processors }: { processors: Processor[] },
): Promise<StrategyOutput> => sampling(ctx, processors, { seed: seedOf(p), samples: p.samples })

export const nucleusStrategy = defineStrategy({
  display: { zh: '核采样', short: { param: 'p', en: 'nucleus', zh: '核采样' }, params: { p: '概率阈值', ...sharedZh } },
  summary: '`p` (0.9), `temperature` (1), `seed` (drawn and recorded), `samples` (1)',
  schema: () => z.strictObject({ p: probability(0.9), ...shared() }),
  processors: (p) => [temperature(p.temperature), topP(p.p)],
  run,
  presets: [{ p: 0.9, temperature: 1, seed: 7, samples: 1 }, { p: 0.5 }, { p: 1 }],
})

export const topkStrategy = defineStrategy({
  display: {
    zh: '前 k 采样',
    short: { param: 'k', en: 'top-k', zh: '前 k 采样' },
    params: { k: '候选数', ...sharedZh },
  },
  summary: '`k` (40), `temperature`, `seed`, `samples`',
  schema: () =>
    z.strictObject({ k: z.number().int('k must be a whole number').min(1, 'k must be >= 1').default(40), ...shared() }),
  processors: (p) => [temperature(p.temperature), topK(p.k)],
  run,
  presets: [{ k: 40, temperature: 1, seed: 1, samples: 1 }],
})

export const minpStrategy = defineStrategy({
  display: {
    zh: '最小 p 采样',
    short: { param: 'p', en: 'min-p', zh: '最小 p 采样' },
    params: { p: '概率阈值', ...sharedZh },
  },
  summary: '`p` (0.05), `temperature`, `seed`, `samples`',
  schema: () => z.strictObject({ p: probability(0.05), ...shared() }),
  processors: (p) => [temperature(p.temperature), minP(p.p)],
  run,
  presets: [{ p: 0.05 }],
})

export const typicalStrategy = defineStrategy({
  display: {
    zh: '典型采样',
    short: { param: 'p', en: 'typical', zh: '典型采样' },
    params: { p: '概率阈值', ...sharedZh },
  },
  summary: '`p` (0.95), `temperature`, `seed`, `samples`',
  schema: () => z.strictObject({ p: probability(0.95), ...shared() }),
  processors: (p) => [temperature(p.temperature), typicalP(p.p)],
  run,
  presets: [{ p: 0.95 }],
})
