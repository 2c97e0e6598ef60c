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
  penaltyLastN: '惩罚窗口',
  dryMultiplier: '重复序列惩罚强度',
  dryBase: '重复序列惩罚底数',
  dryAllowedLength: '重复序列允许长度',
  dryPenaltyLastN: '重复序列窗口',
  xtcProbability: '排除首选概率',
  xtcThreshold: '排除首选阈值',
  dynatempRange: '动态温度范围',
  dynatempExponent: '动态温度指数',
  mirostat: '困惑度控制版本',
  mirostatTau: '困惑度控制目标',
  mirostatEta: '困惑度控制学习率',
  adaptiveTarget: '自适应目标概率',
  adaptiveDecay: '自适应衰减',
  order: '处理顺序',
} as const

/** Seeds are integers in [0, 2^32). */
export const MAX_SEED = 2 ** 32 - 1

export const seed = once(() =>
  z
    .number()
    .int('seed must be a whole number')
    .min(0, 'seed must be >= 0')
    .max(MAX_SEED, `seed must be <= ${MAX_SEED}`)
    .optional(),
)
export const temperature = once(() =>
  z.number().gt(0, 'temperature must be > 0').finite('temperature must be finite').default(1),
)
export const samples = once(() =>
  z
    .number()
    .int('samples must be a whole number')
    .min(1, 'samples must be >= 1')
    .max(100000, 'samples must be <= 100000')
    .default(1),
)

export const unit = (name: string, range: string, lower: 'gt' | 'gte', upper: 'lt' | 'lte') =>
  z.number()[lower](0, `${name} must be in ${range}`)[upper](1, `${name} must be in ${range}`)
export const wholeAtLeast = (name: string, min: number, max: number) =>
  z
    .number()
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be >= ${min}`)
    .max(max, `${name} must be <= ${max}`)
const penalty = (name: string) => z.number().min(-2, `${name} must be in [-2, 2]`).max(2, `${name} must be in [-2, 2]`)
export const order = once(() =>
  z.number().refine(isOrderCode, 'order must be hf, llama or a list such as temperature>topK>topP'),
)

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
  repetitionPenalty: z
    .number()
    .gt(0, 'repetitionPenalty must be > 0')
    .finite('repetitionPenalty must be finite')
    .optional(), // 1 = disabled
  frequencyPenalty: penalty('frequencyPenalty').optional(), // 0 = disabled
  presencePenalty: penalty('presencePenalty').optional(), // 0 = disabled
  noRepeatNgram: wholeAtLeast('noRepeatNgram', 0, 1024).optional(), // 0 = disabled
  // llama.cpp's samplers, named after llama-server's parameters.
  penaltyLastN: wholeAtLeast('penaltyLastN', -1, 1 << 30).optional(), // -1 = the whole context (repeat_last_n)
  dryMultiplier: z.number().min(0, 'dryMultiplier must be >= 0').finite('dryMultiplier must be finite').optional(), // 0 = disabled
  dryBase: z.number().min(1, 'dryBase must be >= 1').finite('dryBase must be finite').optional(), // 1.75
  dryAllowedLength: wholeAtLeast('dryAllowedLength', 0, 1 << 30).optional(), // 2
  dryPenaltyLastN: wholeAtLeast('dryPenaltyLastN', -1, 1 << 30).optional(), // -1 = the whole context
  xtcProbability: unit('xtcProbability', '[0, 1]', 'gte', 'lte').optional(), // 0 = disabled
  xtcThreshold: unit('xtcThreshold', '[0, 1]', 'gte', 'lte').optional(), // 0.1; above 0.5 disables XTC
  dynatempRange: z.number().min(0, 'dynatempRange must be >= 0').finite('dynatempRange must be finite').optional(), // 0 = disabled
  dynatempExponent: z
    .number()
    .min(0, 'dynatempExponent must be >= 0')
    .finite('dynatempExponent must be finite')
    .optional(), // 1
  mirostat: wholeAtLeast('mirostat', 0, 2).optional(), // 0 = disabled, 1 = Mirostat, 2 = Mirostat 2.0
  mirostatTau: z.number().min(0, 'mirostatTau must be >= 0').finite('mirostatTau must be finite').optional(), // 5
  mirostatEta: z.number().min(0, 'mirostatEta must be >= 0').finite('mirostatEta must be finite').optional(), // 0.1
  adaptiveTarget: z
    .number()
    .max(1, 'adaptiveTarget must be <= 1 (negative disables it)')
    .finite('adaptiveTarget must be finite')
    .optional(), // -1 = disabled
  adaptiveDecay: z
    .number()
    .min(0, 'adaptiveDecay must be in [0, 0.99]')
    .max(0.99, 'adaptiveDecay must be in [0, 0.99]')
    .optional(), // 0.9
}))

/**
 * The processors speculative sampling can apply to both models: not XTC, Mirostat or adaptive-p,
 * which draw or carry state step by step and so have no meaning for a draft checked in one call.
 */
export const statelessProcessors = once(() => {
  const { xtcProbability, xtcThreshold, mirostat, mirostatTau, mirostatEta, adaptiveTarget, adaptiveDecay, ...rest } =
    sampleProcessors()
  void [xtcProbability, xtcThreshold, mirostat, mirostatTau, mirostatEta, adaptiveTarget, adaptiveDecay]
  return rest
})
