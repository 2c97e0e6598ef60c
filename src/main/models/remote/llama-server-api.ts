import type { TokenId } from '../../../core/types'
import type { Engine, EngineApi } from './engine'
import { parseContent } from './logprobs-shapes'

/**
 * llama-server's native /completion. temperature < 0 is greedy, with probabilities from the plain
 * softmax of the logits (`post_sampling_probs: false`); the one token it generates is discarded.
 */
export function llamaServerApi(engine: Engine, eos: TokenId): EngineApi {
  const complete = async (body: object, signal?: AbortSignal, optional = false) => {
    const request = { cache_prompt: true, post_sampling_probs: false, temperature: -1, ...body }
    const r = (await (optional ? engine.tryCall : engine.call)('/completion', request, signal)) as {
      completion_probabilities?: unknown
    } | null
    return parseContent(r?.completion_probabilities)
  }
  return {
    name: 'llama-server',
    // llama-server fails the whole request (500, "does not match the expected Content-only format")
    // when the generated token is a lone UTF-8 byte; a logit bias makes it the anchor token instead.
    // Biases act on sampling only: the reported probabilities are the model's raw softmax.
    top: async (context, k, anchor, signal) =>
      (await complete({ prompt: context, n_predict: 1, n_probs: k, logit_bias: [[anchor, 1000]] }, signal))?.[0]?.top ??
      null,
    forced: async (context, token, signal) =>
      (await complete({ prompt: context, n_predict: 1, n_probs: 1, logit_bias: [[token, 1000]] }, signal))?.[0] ?? null,
    // A grammar of token ids makes the engine generate exactly `ids`, each reported with its own
    // probability. A final EOS stays out of it: the engine fails on a grammar that names EOS, and
    // once the grammar is complete it generates EOS anyway.
    async score(context, ids, signal) {
      const forced = ids.at(-1) === eos ? ids.slice(0, -1) : ids
      if (forced.length === 0 || forced.includes(eos)) return null
      const grammar = `root ::= ${forced.map((id) => `<[${id}]>`).join(' ')}`
      const got = await complete({ prompt: context, n_predict: ids.length, n_probs: 1, grammar }, signal, true)
      if (!got || got.length < ids.length || ids.some((id, i) => got[i].id !== id)) return null
      return ids.map((_, i) => got[i].logprob as number)
    },
  }
}
