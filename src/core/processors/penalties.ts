import { InputError } from '../errors'
import type { Processor } from '../processors'
import { historyOf } from './history'
import { hiddenAmong, reweighted } from './reweight'

/**
 * Penalties see the whole context (BOS, prompt, generated tokens), as Hugging Face does with
 * input_ids; llama.cpp looks at the last 64 tokens only (penalty_last_n).
 */

const hiddenWarning = (name: string): string =>
  `${name}: a token of the context lies in the unknown rest of a partial distribution and could not be penalised`

/**
 * repetition penalty (CTRL, Keskar et al. 2019): 1 = disabled. Hugging Face and llama.cpp divide a
 * positive logit by θ and multiply a negative one by θ. Here scores are log-probabilities, all ≤ 0,
 * so a token of the context goes from log p to θ·log p, that is from p to p^θ, before renormalising.
 */
export function repetitionPenalty(theta: number): Processor {
  if (!(theta > 0) || !Number.isFinite(theta)) {
    throw new InputError(`repetitionPenalty must be a number > 0, got ${theta}; use 1 to disable it`)
  }
  return {
    name: 'repetitionPenalty',
    apply(c, context) {
      const h = historyOf(context)
      const out = reweighted(c, (i) => (h.countOf(c.ids[i]) > 0 ? Math.pow(c.probs[i], theta - 1) : 1))
      return hiddenAmong(c, h.distinct()) ? { ...out, warnings: [hiddenWarning('repetitionPenalty')] } : out
    },
  }
}

function checkAdditive(name: string, value: number): void {
  if (!(value >= -2 && value <= 2)) throw new InputError(`${name} must be in [-2, 2], got ${value}; use 0 to disable it`)
}

/** frequency penalty (OpenAI, llama.cpp): 0 = disabled. logit −= count × f, so p × e^(−count·f). */
export function frequencyPenalty(f: number): Processor {
  checkAdditive('frequencyPenalty', f)
  return {
    name: 'frequencyPenalty',
    apply(c, context) {
      const h = historyOf(context)
      const out = reweighted(c, (i) => Math.exp(-h.countOf(c.ids[i]) * f))
      return f !== 0 && hiddenAmong(c, h.distinct()) ? { ...out, warnings: [hiddenWarning('frequencyPenalty')] } : out
    },
  }
}

/** presence penalty (OpenAI, llama.cpp): 0 = disabled. logit −= a once a token occurs, so p × e^(−a). */
export function presencePenalty(a: number): Processor {
  checkAdditive('presencePenalty', a)
  return {
    name: 'presencePenalty',
    apply(c, context) {
      const h = historyOf(context)
      const out = reweighted(c, (i) => (h.countOf(c.ids[i]) > 0 ? Math.exp(-a) : 1))
      return a !== 0 && hiddenAmong(c, h.distinct()) ? { ...out, warnings: [hiddenWarning('presencePenalty')] } : out
    },
  }
}
