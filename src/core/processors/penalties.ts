import { InputError } from '../errors'
import type { Processor } from '../processors'
import { historyOf } from './history'
import { hiddenAmong, reweighted } from './reweight'

/**
 * Penalties see the last `lastN` tokens of the context (BOS, prompt, generated tokens): llama.cpp's
 * penalty_last_n (repeat_last_n), one window for all three. −1, the default, is the whole context,
 * as Hugging Face does with input_ids; 0 turns the penalties off.
 */

export const PENALTY_LAST_N_NEUTRAL = -1

const hiddenWarning = (name: string): string =>
  `${name}: a token of the context lies in the unknown rest of a partial distribution and could not be penalised`

/**
 * repetition penalty (CTRL, Keskar et al. 2019): 1 = disabled. Hugging Face and llama.cpp divide a
 * positive logit by θ and multiply a negative one (or 0) by θ. Where the model's logits are known
 * (Candidates.logitOffset) that is what happens; otherwise scores are log-probabilities, all ≤ 0, so
 * a token of the context goes from log p to θ·log p, that is from p to p^θ, before renormalising.
 */
export function repetitionPenalty(theta: number, lastN = PENALTY_LAST_N_NEUTRAL): Processor {
  return {
    name: 'repetitionPenalty',
    apply(c, context) {
      const h = historyOf(context).window(lastN)
      const offset = c.logitOffset
      const factor = (i: number): number => {
        if (offset === undefined) return Math.pow(c.probs[i], theta - 1)
        const logit = Math.log(c.probs[i]) + offset
        return Math.exp((logit <= 0 ? logit * theta : logit / theta) - logit)
      }
      const out = reweighted(c, (i) => (h.countOf(c.ids[i]) > 0 ? factor(i) : 1))
      return hiddenAmong(c, h.distinct()) ? { ...out, warnings: [hiddenWarning('repetitionPenalty')] } : out
    },
  }
}

function checkAdditive(name: string, value: number): void {
  if (!(value >= -2 && value <= 2))
    throw new InputError(`${name} must be in [-2, 2], got ${value}; use 0 to disable it`)
}

/** frequency penalty (OpenAI, llama.cpp): 0 = disabled. logit −= count × f, so p × e^(−count·f). */
export function frequencyPenalty(f: number, lastN = PENALTY_LAST_N_NEUTRAL): Processor {
  checkAdditive('frequencyPenalty', f)
  return {
    name: 'frequencyPenalty',
    apply(c, context) {
      const h = historyOf(context).window(lastN)
      const out = reweighted(c, (i) => Math.exp(-h.countOf(c.ids[i]) * f))
      return f !== 0 && hiddenAmong(c, h.distinct()) ? { ...out, warnings: [hiddenWarning('frequencyPenalty')] } : out
    },
  }
}

/** presence penalty (OpenAI, llama.cpp): 0 = disabled. logit −= a once a token occurs, so p × e^(−a). */
export function presencePenalty(a: number, lastN = PENALTY_LAST_N_NEUTRAL): Processor {
  checkAdditive('presencePenalty', a)
  return {
    name: 'presencePenalty',
    apply(c, context) {
      const h = historyOf(context).window(lastN)
      const out = reweighted(c, (i) => (h.countOf(c.ids[i]) > 0 ? Math.exp(-a) : 1))
      return a !== 0 && hiddenAmong(c, h.distinct()) ? { ...out, warnings: [hiddenWarning('presencePenalty')] } : out
    },
  }
}
