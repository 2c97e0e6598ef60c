import { z } from 'zod'
import { once } from '../lazy-record'
import { isOrderCode } from '../processors/order'

/** Parameter schemas several strategies share. */

/** Chinese names of the parameters every seeded strategy shares. */
export const SEEDED_NAMES_ZH = { seed: '随机种子', samples: '样本数' } as const

/** Chinese names of every processor parameter `sampleProcessors` holds, and of `order`. */
export const PROCESSOR_NAMES_ZH = {
  temperature: '温度',
  topK: '前 k 截断',
  topP: '核截断',
  minP: '最小概率比',
  typicalP: '典型性阈值',
  epsilon: 'ε 截断',
  eta: 'η 截断',
  topNSigma: 'σ 截断',
  repetitionPenalty: '重复惩罚',
  frequencyPenalty: '频率惩罚',
  presencePenalty: '出现惩罚',
  noRepeatNgram: '禁止重复 n 元',
  order: '处理顺序',
} as const

/** Seeds are integers in [0, 2^32). */
export const MAX_SEED = 2 ** 32 - 1

export const seed = once(() =>
  z.number().int('seed must be a whole number').min(0, 'seed must be >= 0').max(MAX_SEED, `seed must be <= ${MAX_SEED}`).optional(),
)
export const temperature = once(() => z.number().gt(0, 'temperature must be > 0').finite('temperature must be finite').default(1))
export const samples = once(() =>
  z.number().int('samples must be a whole number').min(1, 'samples must be >= 1').max(100000, 'samples must be <= 100000').default(1),
)

export const unit = (name: string, range: string, lower: 'gt' | 'gte', upper: 'lt' | 'lte') =>
  z.number()[lower](0, `${name} must be in ${range}`)[upper](1, `${name} must be in ${range}`)
export const wholeAtLeast = (name: string, min: number, max: number) =>
  z.number().int(`${name} must be a whole number`).min(min, `${name} must be >= ${min}`).max(max, `${name} must be <= ${max}`)
const penalty = (name: string) => z.number().min(-2, `${name} must be in [-2, 2]`).max(2, `${name} must be in [-2, 2]`)
export const order = once(() => z.number().refine(isOrderCode, 'order must be hf, llama or a list such as temperature>topK>topP'))

/**
 * Every processor `sample` can chain. Each is optional and off when absent; the comment gives its
 * neutral value. Only temperature has a default, so that a plain `sample` records what it always did.
 */
export const sampleProcessors = once(() => ({
  temperature: temperature(),
  topK: wholeAtLeast('topK', 0, 1_000_000).optional(), // 0 = disabled
  topP: unit('topP', '(0, 1]', 'gt', 'lte').optional(), // 1 = disabled
  minP: unit('minP', '[0, 1]', 'gte', 'lte').optional(), // 0 = disabled
  typicalP: unit('typicalP', '(0, 1]', 'gt', 'lte').optional(), // 1 = disabled
  epsilon: unit('epsilon', '[0, 1)', 'gte', 'lt').optional(), // 0 = disabled
  eta: unit('eta', '[0, 1)', 'gte', 'lt').optional(), // 0 = disabled
  topNSigma: z.number().min(0, 'topNSigma must be >= 0').finite('topNSigma must be finite').optional(), // 0 = disabled
  repetitionPenalty: z.number().gt(0, 'repetitionPenalty must be > 0').finite('repetitionPenalty must be finite').optional(), // 1 = disabled
  frequencyPenalty: penalty('frequencyPenalty').optional(), // 0 = disabled
  presencePenalty: penalty('presencePenalty').optional(), // 0 = disabled
  noRepeatNgram: wholeAtLeast('noRepeatNgram', 0, 1024).optional(), // 0 = disabled
}))
