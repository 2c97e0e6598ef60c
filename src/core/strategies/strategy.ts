import type { z } from 'zod'
import type { DecodeContext } from '../decode-context'
import { DecodeError } from '../errors'
import { once } from '../lazy-record'
import type { Processor } from '../processors'
import type { LanguageModel, Sequence, SpeculativeStats, VoteOutcome } from '../types'

export interface StrategyOutput {
  sequences: Sequence[]
  optimal?: boolean
  speculative?: SpeculativeStats
  /** vote: the answers with their counts. */
  vote?: VoteOutcome
}

/** What `decode` hands a strategy besides its parameters. */
export interface RunDeps {
  /** The entry's processor chain for these parameters (empty for strategies without one). */
  processors: Processor[]
  /** The loaded draft model, for a strategy that takes one (`takesDraft`). */
  draftModel?: LanguageModel
  /** The draft model's id or path as the spec names it. */
  draft?: string
  /** The text parameters (`textParams`), defaults filled in. */
  textParams: Readonly<Record<string, string>>
}

/** In English the app shows code names (`beam`, `width`), as a spec spells them; in Chinese these names, the code beside them. */
export interface StrategyDisplay {
  /** Its name in Chinese: 束搜索. */
  zh: string
  /** The parameter that tells its runs apart, shown after a short name: "beam 4", "束搜索 4". */
  short?: { param: string; en: string; zh: string }
  /** The Chinese name of each of its parameters. */
  params: Readonly<Record<string, string>>
  /** The Chinese name of each of its text parameters (`textParams`). */
  textParams?: Readonly<Record<string, string>>
}

/**
 * One strategy, everything about it in one place; strategies/index.ts lists them all, and the spec
 * parser, `decode`, the contract, the CLI help, the app's form and the README table read it.
 *
 * Conventions read off the schema: a `seed` parameter makes the strategy seeded (validation draws
 * one when none is given) and an `order` parameter makes its processor order recorded.
 */
export interface StrategyEntry<S extends z.ZodObject = z.ZodObject> {
  /** How the app names it and its parameters (the i18n tables read these). */
  display: StrategyDisplay
  /** The README's parameters column for it: the parameters with their defaults, and what it does. */
  summary: string
  /** Its parameters with their defaults and range checks; built on first use. */
  schema: () => S
  /** Values that turn a parameter off; the run record spells these out when they are unset. */
  neutral?: Readonly<Record<string, number>>
  /** Takes a second model (its id or path): the draft of speculative decoding, the amateur of contrastive. */
  takesDraft?: boolean
  /** The spec key that names the second model (`draft` unless given); stored runs and the app say `draft`. */
  modelKey?: string
  /**
   * Parameters whose values are text, with their defaults (undefined: optional). A `proposal` is a
   * sampling spec whose processor chain becomes `RunDeps.processors`.
   */
  textParams?: Readonly<Record<string, string | undefined>>
  /**
   * false: reached through a request of its own (score: the Score tab, the CLI's `score`), so not
   * offered where strategies are picked (the app's forms, the CLI help, the README table).
   */
  pickable?: false
  /** Text parameters its label (formatStrategy) leaves out: score's text is the run's sequence already. */
  labelOmits?: readonly string[]
  /** Checks across parameters, after the schema's own: a message when they do not go together. */
  check?: (params: z.output<S>) => string | undefined
  /** The processor chain its distributions pass through (the sampling family). */
  processors?: (params: z.output<S>) => Processor[]
  run: (ctx: DecodeContext, params: z.output<S>, deps: RunDeps) => Promise<StrategyOutput>
  /** Parameter sets worth starting from; the first is its example in the CLI help. */
  presets: readonly Readonly<Record<string, number | string>>[]
}

/** An entry with its schema made once, on first use. */
export function defineStrategy<S extends z.ZodObject>(entry: StrategyEntry<S>): StrategyEntry<S> {
  return { ...entry, schema: once(entry.schema) }
}

/** A seeded strategy's seed: validation always fills it in, so its absence is a bug upstream. */
export function seedOf(params: { seed?: number }): number {
  if (params.seed === undefined)
    throw new DecodeError('a seeded strategy reached decode without a seed; validate the spec first (validateStrategy)')
  return params.seed
}
