import { InputError } from '../errors'
import { type Processor, temperature, topK, topP } from '../processors'
import { noRepeatNgram } from './no-repeat-ngram'
import { frequencyPenalty, presencePenalty, repetitionPenalty } from './penalties'
import { epsilon, eta, minP, topNSigma, typicalP } from './truncation'

/**
 * Every processor a sampling strategy can chain, in Hugging Face's order, with its neutral value.
 * Hugging Face has no frequency or presence penalty and no top-n-σ: those sit where llama.cpp-like
 * engines put them, penalties first and top-n-σ last.
 */
export const PROCESSORS = {
  repetitionPenalty: { neutral: 1, make: repetitionPenalty },
  frequencyPenalty: { neutral: 0, make: frequencyPenalty },
  presencePenalty: { neutral: 0, make: presencePenalty },
  noRepeatNgram: { neutral: 0, make: noRepeatNgram },
  temperature: { neutral: 1, make: temperature },
  topK: { neutral: 0, make: topK },
  topP: { neutral: 1, make: topP },
  minP: { neutral: 0, make: minP },
  typicalP: { neutral: 1, make: typicalP },
  epsilon: { neutral: 0, make: epsilon },
  eta: { neutral: 0, make: eta },
  topNSigma: { neutral: 0, make: topNSigma },
} as const satisfies Record<string, { neutral: number; make: (v: number) => Processor }>

export type ProcessorKey = keyof typeof PROCESSORS
export const PROCESSOR_KEYS = Object.keys(PROCESSORS) as ProcessorKey[]

/**
 * Named orders. hf: transformers' _get_logits_processor (repetition penalty, no-repeat-n-gram, then
 * the warpers temperature, top-k, top-p, min-p, typical, epsilon, eta). llama: llama.cpp's default
 * sampler chain (penalties, dry, top_n_sigma, top_k, typ_p, top_p, min_p, xtc, temperature);
 * no-repeat-n-gram takes dry's place and epsilon, eta take xtc's, which llama.cpp lacks.
 */
export const NAMED_ORDERS: Record<'hf' | 'llama', readonly ProcessorKey[]> = {
  hf: PROCESSOR_KEYS,
  llama: [
    'repetitionPenalty',
    'frequencyPenalty',
    'presencePenalty',
    'noRepeatNgram',
    'topNSigma',
    'topK',
    'typicalP',
    'topP',
    'minP',
    'epsilon',
    'eta',
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
  return keys.reduce((code, k) => code * 16 + PROCESSOR_KEYS.indexOf(k) + 1, 0)
}

/** The processors of an order code; throws when the code is not one. */
export function decodeOrder(code: number): ProcessorKey[] {
  const keys: ProcessorKey[] = []
  if (!Number.isInteger(code) || code <= 0 || code >= 16 ** PROCESSOR_KEYS.length) throw new InputError(orderCodeError(code))
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
      throw new InputError(`order must be hf, llama or a list such as temperature>topK>topP; "${k}" is not a processor (use ${PROCESSOR_KEYS.join(', ')})`)
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

/** Processors given a non-neutral value. */
export function activeProcessors(values: Partial<Record<string, number>>): ProcessorKey[] {
  return PROCESSOR_KEYS.filter((k) => values[k] !== undefined && values[k] !== PROCESSORS[k].neutral)
}

/** The chain of the active processors, in the given order (hf when none is given). */
export function buildChain(values: Partial<Record<string, number>>, order: number = HF_ORDER): Processor[] {
  const active = new Set(activeProcessors(values))
  const keys = decodeOrder(order)
  const missing = [...active].filter((k) => !keys.includes(k))
  if (missing.length) throw new InputError(`order ${formatOrder(order)} leaves out ${missing.join(', ')}, which ${missing.length > 1 ? 'are' : 'is'} set; list every processor that is set`)
  return keys.filter((k) => active.has(k)).map((k) => PROCESSORS[k].make(values[k] as number))
}

/**
 * Where two orders put the active processors differently: each order's chain, and whether they
 * differ (hf against llama, say).
 */
export function orderDifference(values: Partial<Record<string, number>>, a: number, b: number): { a: string[]; b: string[]; differs: boolean } {
  const chainA = buildChain(values, a).map((p) => p.name)
  const chainB = buildChain(values, b).map((p) => p.name)
  return { a: chainA, b: chainB, differs: chainA.join('>') !== chainB.join('>') }
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
