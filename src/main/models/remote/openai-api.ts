import type { Engine, EngineApi } from './engine'
import { parseChoiceLogprobs } from './logprobs-shapes'

/**
 * The OpenAI-compatible /v1/completions, as vLLM and llama-server serve it: prompts as token ids,
 * `max_tokens: 1`, greedy, the top K from `logprobs`. vLLM names tokens by id only when asked with
 * `return_tokens_as_token_ids`; llama-server lists ids anyway.
 */
export function openAiApi(engine: Engine): EngineApi {
  let echoes: boolean | undefined
  const complete = async (body: object, signal?: AbortSignal, optional = false) => {
    const request = { model: engine.model, max_tokens: 1, temperature: 0, return_tokens_as_token_ids: true, ...body }
    const r = (await (optional ? engine.tryCall : engine.call)('/v1/completions', request, signal)) as { choices?: { logprobs?: unknown }[] } | null
    return parseChoiceLogprobs(r?.choices?.[0]?.logprobs)
  }
  return {
    name: 'openai',
    // The anchor and logit biases as in llama-server-api.ts; vLLM reports raw log-probabilities, before any bias.
    top: async (context, k, anchor, signal) => (await complete({ prompt: context, logprobs: k, logit_bias: { [anchor]: 100 } }, signal))?.[0]?.top ?? null,
    forced: async (context, token, signal) => (await complete({ prompt: context, logprobs: 1, logit_bias: { [token]: 100 } }, signal))?.[0] ?? null,
    // `echo` lists the prompt's own log-probabilities (vLLM, OpenAI); an engine that ignores it (llama-server) lists only the generated token.
    async score(context, ids, signal) {
      if (echoes === false) return null
      const got = await complete({ prompt: [...context, ...ids], logprobs: 1, echo: true }, signal, true)
      const at = context.length
      echoes = !!got && got.length >= at + ids.length && ids.every((id, i) => got[at + i].id === id && got[at + i].logprob !== null)
      return echoes && got ? ids.map((_, i) => got[at + i].logprob as number) : null
    },
  }
}
