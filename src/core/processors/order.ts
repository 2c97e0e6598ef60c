import { InputError } from '../errors'
import { type Processor, temperature, topK, topP } from '../processors'
import type { TokenId } from '../types'
import { dry, DRY_NEUTRAL } from './dry'
import { dynamicTemperature, DYNATEMP_NEUTRAL } from './dynatemp'
import { noRepeatNgram } from './no-repeat-ngram'
import { frequencyPenalty, PENALTY_LAST_N_NEUTRAL, presencePenalty, repetitionPenalty } from './penalties'
import { epsilon, eta, minP, topNSigma, typicalP } from './truncation'
import { xtc, XTC_NEUTRAL } from './xtc'

/** What some processors need beyond their numbers: the run's generator, the model's breaker tokens. */
export interface ChainEnv {
  /** The run's seeded generator: XTC draws from it. */
  random?: () => number
  /** DRY's sequence breakers as token sequences (dryBreakerSequences over the model's vocabulary). */
  dryBreakers?: readonly (readonly TokenId[])[]
}

type Values = Partial<Record<string, number>>

function noGenerator(): number {
  throw new Error('xtc needs the run’s seeded generator (ChainEnv.random)')
}

/** A processor's settings beyond its own value (penaltyLastN for the penalties, say), with llama.cpp's neutral defaults. */
const SETTING_NEUTRALS = {
  penaltyLastN: PENALTY_LAST_N_NEUTRAL,
  dryBase: DRY_NEUTRAL.dryBase,
  dryAllowedLength: DRY_NEUTRAL.dryAllowedLength,
  dryPenaltyLastN: DRY_NEUTRAL.dryPenaltyLastN,
  xtcThreshold: XTC_NEUTRAL.xtcThreshold,
  dynatempRange: DYNATEMP_NEUTRAL.dynatempRange,
  dynatempExponent: DYNATEMP_NEUTRAL.dynatempExponent,
} as const

const setting = (values: Values, key: keyof typeof SETTING_NEUTRALS): number => values[key] ?? SETTING_NEUTRALS[key]

interface ProcessorEntry {
  /** The parameter that turns it on; the processor's own key when absent. */
  param?: string
  neutral: number
  make(value: number, values: Values, env: ChainEnv): Processor
  /** On although its value is neutral (temperature 1 with a dynamic range). */
  activeAnyway?(values: Values): boolean
}

/**
 * Every processor a sampling strategy can chain, in Hugging Face's order, with its neutral value;
 * DRY and XTC, which Hugging Face lacks, come last. Hugging Face has no frequency or presence
 * penalty and no top-n-σ: those sit where llama.cpp-like engines put them, penalties first and
 * top-n-σ last. A key's place here is its digit in an order code: append, never reorder.
 */
export const PROCESSORS = {
  repetitionPenalty: { neutral: 1, make: (v, values) => repetitionPenalty(v, setting(values, 'penaltyLastN')) },
  frequencyPenalty: { neutral: 0, make: (v, values) => frequencyPenalty(v, setting(values, 'penaltyLastN')) },
  presencePenalty: { neutral: 0, make: (v, values) => presencePenalty(v, setting(values, 'penaltyLastN')) },
  noRepeatNgram: { neutral: 0, make: (v) => noRepeatNgram(v) },
  // llama.cpp's temperature is its extended one: dynamic when dynatempRange > 0.
  temperature: {
    neutral: 1,
    make: (v, values) =>
      setting(values, 'dynatempRange') > 0
        ? dynamicTemperature(v, setting(values, 'dynatempRange'), setting(values, 'dynatempExponent'))
        : temperature(v),
    activeAnyway: (values) => setting(values, 'dynatempRange') > 0,
  },
  topK: { neutral: 0, make: (v) => topK(v) },
  topP: { neutral: 1, make: (v) => topP(v) },
  minP: { neutral: 0, make: (v) => minP(v) },
  typicalP: { neutral: 1, make: (v) => typicalP(v) },
  epsilon: { neutral: 0, make: (v) => epsilon(v) },
  eta: { neutral: 0, make: (v) => eta(v) },
  topNSigma: { neutral: 0, make: (v) => topNSigma(v) },
  dry: {
    param: 'dryMultiplier',
    neutral: DRY_NEUTRAL.dryMultiplier,
    make: (v, values, env) =>
      dry({
        multiplier: v,
        base: setting(values, 'dryBase'),
        allowedLength: setting(values, 'dryAllowedLength'),
        penaltyLastN: setting(values, 'dryPenaltyLastN'),
        breakers: env.dryBreakers ?? [],
      }),
  },
  xtc: {
    param: 'xtcProbability',
    neutral: XTC_NEUTRAL.xtcProbability,
    // A chain built only to be checked or named has no generator: it fails if it is ever applied.
    make: (v, values, env) => xtc(v, setting(values, 'xtcThreshold'), env.random ?? noGenerator),
  },
} as const satisfies Record<string, ProcessorEntry>

export type ProcessorKey = keyof typeof PROCESSORS
export const PROCESSOR_KEYS = Object.keys(PROCESSORS) as ProcessorKey[]

const entry = (k: ProcessorKey): ProcessorEntry => PROCESSORS[k]
/** The parameter that sets processor k (dryMultiplier for dry, xtcProbability for xtc, else k). */
export const processorParam = (k: ProcessorKey): string => entry(k).param ?? k

/**
 * Every parameter the chain reads with its neutral value: the processors' own and their settings.
 * A run record lists them all.
 */
export const CHAIN_NEUTRALS: Record<string, number> = {
  ...Object.fromEntries(PROCESSOR_KEYS.map((k) => [processorParam(k), entry(k).neutral])),
  ...SETTING_NEUTRALS,
}

/**
 * Named orders. hf: transformers' _get_logits_processor (repetition penalty, no-repeat-n-gram, then
 * the warpers temperature, top-k, top-p, min-p, typical, epsilon, eta); it has no DRY or XTC.
 * llama: the chain llama-server builds by default (common/common.h's samplers: penalties, dry,
 * top_n_sigma, top_k, typ_p, top_p, min_p, xtc, temperature), nothing more: no-repeat-n-gram,
 * epsilon and eta are not llama.cpp samplers, so an order=llama run cannot set them.
 */
export const NAMED_ORDERS: Record<'hf' | 'llama', readonly ProcessorKey[]> = {
  hf: PROCESSOR_KEYS.filter((k) => k !== 'dry' && k !== 'xtc'),
  llama: [
    'repetitionPenalty',
    'frequencyPenalty',
    'presencePenalty',
    'dry',
    'topNSigma',
    'topK',
    'typicalP',
    'topP',
    'minP',
    'xtc',
    'temperature',
  ],
}

/**
 * An order is stored as a number, since run parameters are numbers: one hexadecimal digit per
 * processor, its 1-based place in PROCESSOR_KEYS, first processor in the most significant digit.
 * temperature>topK>topP is 0x567 = 1383; hf is 0x123456789abc. The code is the order itself, so a
 * stored run keeps its order even if a named order changes.
 */
export function encodeOrder(keys: readonly ProcessorKey[]): number {
  if (keys.length > MAX_ORDER_LENGTH) {
    throw new InputError(
      `an order lists at most ${MAX_ORDER_LENGTH} processors (it is stored as a number), got ${keys.length}; leave out one that is not set`,
    )
  }
  return keys.reduce((code, k) => code * 16 + PROCESSOR_KEYS.indexOf(k) + 1, 0)
}

/** 13 hex digits, 52 bits: the most a double holds exactly. */
export const MAX_ORDER_LENGTH = 13

/** The processors of an order code; throws when the code is not one. */
export function decodeOrder(code: number): ProcessorKey[] {
  const keys: ProcessorKey[] = []
  if (!Number.isInteger(code) || code <= 0 || code >= 16 ** MAX_ORDER_LENGTH) throw new InputError(orderCodeError(code))
  for (let rest = code; rest > 0; rest = Math.floor(rest / 16)) {
    const digit = rest % 16
    const key = PROCESSOR_KEYS[digit - 1]
    if (digit === 0 || key === undefined || keys.includes(key)) throw new InputError(orderCodeError(code))
    keys.unshift(key)
  }
  return keys
}

function orderCodeError(code: number): string {
  return `order must be hf, llama or a list such as temperature>topK>topP (as a number: one hex digit per processor), got ${code}`
}

export const HF_ORDER = encodeOrder(NAMED_ORDERS.hf)
export const LLAMA_ORDER = encodeOrder(NAMED_ORDERS.llama)

/** `hf`, `llama` or a list such as `temperature>topK>topP`, as its code. */
export function parseOrder(text: string): number {
  const t = text.trim()
  if (t === 'hf' || t === 'llama') return encodeOrder(NAMED_ORDERS[t])
  const keys = t.split('>').map((k) => k.trim())
  for (const k of keys) {
    if (!(PROCESSOR_KEYS as string[]).includes(k)) {
      throw new InputError(
        `order must be hf, llama or a list such as temperature>topK>topP; "${k}" is not a processor (use ${PROCESSOR_KEYS.join(', ')})`,
      )
    }
  }
  const dup = keys.find((k, i) => keys.indexOf(k) !== i)
  if (dup) throw new InputError(`order lists ${dup} twice`)
  return encodeOrder(keys as ProcessorKey[])
}

/** The readable form of an order code: its name when it has one, else the list. */
export function formatOrder(code: number): string {
  if (code === HF_ORDER) return 'hf'
  if (code === LLAMA_ORDER) return 'llama'
  return decodeOrder(code).join('>')
}

/** Processors given a non-neutral value (or on anyway: temperature with a dynamic range). */
export function activeProcessors(values: Values): ProcessorKey[] {
  return PROCESSOR_KEYS.filter((k) => {
    const v = values[processorParam(k)]
    return (v !== undefined && v !== entry(k).neutral) || entry(k).activeAnyway?.(values) === true
  })
}

/**
 * The order a run gets when it names none: hf, or llama when a processor only llama.cpp has (DRY,
 * XTC) is set, since hf has no place for it.
 */
export function defaultOrder(values: Values): number {
  return activeProcessors(values).some((k) => !NAMED_ORDERS.hf.includes(k)) ? LLAMA_ORDER : HF_ORDER
}

/** The chain of the active processors, in the given order (hf when none is given). */
export function buildChain(values: Values, order: number = HF_ORDER, env: ChainEnv = {}): Processor[] {
  const active = new Set(activeProcessors(values))
  const keys = decodeOrder(order)
  const missing = [...active].filter((k) => !keys.includes(k))
  if (missing.length)
    throw new InputError(
      `order ${formatOrder(order)} leaves out ${missing.join(', ')}, which ${missing.length > 1 ? 'are' : 'is'} set; list every processor that is set`,
    )
  return keys
    .filter((k) => active.has(k))
    .map((k) => entry(k).make(values[processorParam(k)] ?? entry(k).neutral, values, env))
}

/** The active processors' keys in an order, and those it leaves out. */
function orderedKeys(values: Values, order: number): { keys: ProcessorKey[]; missing: ProcessorKey[] } {
  const active = new Set(activeProcessors(values))
  const keys = decodeOrder(order)
  return { keys: keys.filter((k) => active.has(k)), missing: [...active].filter((k) => !keys.includes(k)) }
}

/**
 * Where two orders put the active processors differently: each order's chain (by processor key),
 * whether they differ, and what each leaves out (hf has no DRY or XTC, llama no epsilon, say).
 */
export function orderDifference(
  values: Values,
  a: number,
  b: number,
): { a: string[]; b: string[]; differs: boolean; missingA: string[]; missingB: string[] } {
  const A = orderedKeys(values, a)
  const B = orderedKeys(values, b)
  return {
    a: A.keys,
    b: B.keys,
    differs: A.keys.join('>') !== B.keys.join('>') || A.missing.length + B.missing.length > 0,
    missingA: A.missing,
    missingB: B.missing,
  }
}

/** Whether a number is an order code. */
export function isOrderCode(code: number): boolean {
  try {
    decodeOrder(code)
    return true
  } catch {
    return false
  }
}
