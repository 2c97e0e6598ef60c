import { sortedCandidates } from '../distribution'
import { InputError } from '../errors'
import { adaptivePStateFor } from '../processors/adaptive-p'
import { TokenHistory } from '../processors/history'
import { defaultOrder, formatOrder, orderDifference } from '../processors/order'
import { processedProbs } from '../processors/trace'
import type { LanguageModel, SamplerState, TokenId } from '../types'
import { processStep, sampleChainSource, selectorOf } from './sampling'

/** A stored step of a `sample` run, to be replayed under another order. */
export interface StoredStep {
  /** What the model conditioned on at the step: BOS, the prompt and the path to the step's node. */
  context: readonly TokenId[]
  /** The run's numeric parameters (its order among them) and its text parameters (logitBias, bannedStrings). */
  params: Readonly<Record<string, number>>
  textParams: Readonly<Record<string, string>>
  /** The node's recorded sampler state: the adapted target of adaptive-p and the XTC draw are replayed. */
  sampler?: SamplerState
  /** The step's stored candidates, with the model's probability recorded when the run was made. */
  candidates: readonly { tokenId: TokenId; prob: number }[]
}

export interface StepUnderOrder {
  /** The order asked for and the run's own, as codes and as text (hf, llama or a>b>c). */
  order: { code: number; text: string }
  runOrder: { code: number; text: string }
  /** Each order's chain of the run's active processors, and whether the two differ. */
  chain: string[]
  runChain: string[]
  differs: boolean
  /** Per stored candidate, in the order given: its probability after the other chain, and who removed it. */
  candidates: { tokenId: TokenId; processedProb: number; filteredBy: string | null }[]
  /** The temperature the other chain applied (a dynamic temperature depends on what came before it). */
  appliedTemperature: number | null
  /** What the replay assumed, and where today's model no longer gives the recorded probabilities. */
  notes: ReplayNote[]
}

/**
 * One note, by code (the app words it in the user's language); `text` is the English wording, and for
 * 'warning' (a processor's own warning) the only one. `value` fills the code's wording.
 */
export interface ReplayNote {
  code: 'xtcTakenToFire' | 'xtcTakenNotToFire' | 'drift' | 'noAdaptiveTarget' | 'noToken' | 'warning'
  text: string
  value?: string
}

/** How far the recomputed probabilities may drift from the stored ones before the panel says so. */
const DRIFT = 1e-6

/**
 * The same step of a `sample` run under another order: the model's distribution at the step
 * recomputed, the run's chain rebuilt in that order (constraints first, as in the run), the step's
 * penalty history, adaptive-p's target and XTC's draw as the run had them.
 */
export async function stepUnderOrder(model: LanguageModel, step: StoredStep, order: number): Promise<StepUnderOrder> {
  const p: Record<string, number | undefined> = { ...step.params }
  if ((p.mirostat ?? 0) !== 0) {
    throw new InputError(
      'this run uses Mirostat, which replaces the sampler chain (temperature alone, as in llama.cpp): another order changes nothing',
    )
  }
  const runCode = p.order ?? defaultOrder(p)
  const diff = orderDifference(p, runCode, order)
  if (diff.missingB.length) {
    throw new InputError(
      `order ${formatOrder(order)} leaves out ${diff.missingB.join(', ')}, which this run sets; list every processor the run sets`,
    )
  }
  const notes: ReplayNote[] = []
  const xtcOn = (p.xtcProbability ?? 0) > 0
  const draw = step.sampler?.xtcDraw
  if (xtcOn && draw === undefined) {
    notes.push(
      (p.xtcProbability ?? 0) >= 1
        ? {
            code: 'xtcTakenToFire',
            text: 'XTC drew no number at this step of the run; with xtcProbability 1 it is taken to fire',
          }
        : { code: 'xtcTakenNotToFire', text: 'XTC drew no number at this step of the run; it is taken not to fire' },
    )
  }
  const xtcDraw = draw ?? ((p.xtcProbability ?? 0) >= 1 ? 0 : 1)
  const chain = (await sampleChainSource(model, { ...p, order }, step.textParams))(() => xtcDraw)

  const own = sortedCandidates(await model.next(step.context))
  const drift = maxDrift(own, step.candidates)
  if (drift > DRIFT) {
    const value = drift.toPrecision(2)
    notes.push({
      code: 'drift',
      text: `the model now gives other probabilities at this step than when the run was made (by up to ${value}); the comparison uses today's`,
      value,
    })
  }
  const watch = step.candidates.map((c) => c.tokenId)
  const selector = selectorOf(p, model.vocabSize)
  const adaptive =
    selector?.kind === 'adaptiveP' && step.sampler?.adaptiveTarget !== undefined
      ? adaptivePStateFor(step.sampler.adaptiveTarget, selector.target)
      : null
  if (selector?.kind === 'adaptiveP' && !adaptive)
    notes.push({ code: 'noAdaptiveTarget', text: 'the run recorded no adaptive-p target here; none applied' })
  const out = processStep(chain, own, new TokenHistory(step.context), watch, selector, { mu: 0, adaptive })
  notes.push(...out.warnings.map((text): ReplayNote => ({ code: 'warning', text })))
  if (out.processed.ids.length === 0) {
    const value = diff.b.join(', ')
    notes.push({ code: 'noToken', text: `the processors (${value}) leave no token at this step`, value })
  }
  const probs = processedProbs(out.final, watch)
  return {
    order: { code: order, text: formatOrder(order) },
    runOrder: { code: runCode, text: formatOrder(runCode) },
    chain: diff.b,
    runChain: diff.a,
    differs: diff.differs,
    candidates: watch.map((tokenId, k) => ({ tokenId, processedProb: probs[k], filteredBy: out.filteredBy[k] })),
    appliedTemperature: out.state.temperature ?? null,
    notes,
  }
}

function maxDrift(
  own: { ids: Int32Array; probs: Float64Array },
  stored: readonly { tokenId: TokenId; prob: number }[],
): number {
  const at = new Map<TokenId, number>()
  for (let i = 0; i < own.ids.length; i++) at.set(own.ids[i], own.probs[i])
  let drift = 0
  for (const c of stored) drift = Math.max(drift, Math.abs((at.get(c.tokenId) ?? 0) - c.prob))
  return drift
}
