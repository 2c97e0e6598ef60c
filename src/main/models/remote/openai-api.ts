import type { TokenId } from '../../../core/types'
import type { Engine, EngineApi } from './engine'
import { parseChoiceLogprobs } from './logprobs-shapes'

/** How an engine takes a prompt: token ids where it accepts them (vLLM and llama-server do), else text. */
export type PromptForm = { ids: true } | { ids: false; textOf: (ids: readonly TokenId[]) => Promise<string> }

/**
 * Asks the engine for one token after the token `probe` (whose text is `probeText`) given as its id;
 * where it refuses that and takes the text, prompts go as text from then on.
 */
export async function detectPromptForm(
  engine: Engine,
  probe: TokenId,
  probeText: string,
  textOf: (ids: readonly TokenId[]) => Promise<string>,
): Promise<PromptForm> {
  const ask = (prompt: unknown) =>
    engine.tryCall('/v1/completions', { model: engine.model, prompt, max_tokens: 1, temperature: 0 })
  if ((await ask([probe])) !== null) return { ids: true }
  return (await ask(probeText)) !== null ? { ids: false, textOf } : { ids: true }
}

/**
 * The OpenAI-compatible /v1/completions, as vLLM and llama-server serve it: prompts as token ids (or text,
 * for an engine that takes no ids), `max_tokens: 1`, greedy, the top K from `logprobs`. vLLM names tokens by id only when asked with
 * `return_tokens_as_token_ids`; llama-server lists ids anyway.
 */
export function openAiApi(engine: Engine, form: PromptForm = { ids: true }): EngineApi {
  // With text prompts the engine tokenizes the text itself, so an echo would not line up with our ids.
  let echoes: boolean | undefined = form.ids ? undefined : false
  const complete = async (
    { prompt, ...body }: { prompt: readonly TokenId[]; [field: string]: unknown },
    signal?: AbortSignal,
    optional = false,
  ) => {
    const request = {
      model: engine.model,
      max_tokens: 1,
      temperature: 0,
      return_tokens_as_token_ids: true,
      prompt: form.ids ? prompt : await form.textOf(prompt),
      ...body,
    }
    const r = (await (optional ? engine.tryCall : engine.call)('/v1/completions', request, signal)) as {
      choices?: { logprobs?: unknown }[]
    } | null
    return parseChoiceLogprobs(r?.choices?.[0]?.logprobs)
  }
  return {
    name: 'openai',
    // The anchor and logit biases as in llama-server-api.ts; vLLM reports raw log-probabilities, before any bias.
    top: async (context, k, anchor, signal) =>
      (await complete({ prompt: context, logprobs: k, logit_bias: { [anchor]: 100 } }, signal))?.[0]?.top ?? null,
    forced: async (context, token, signal) =>
      (await complete({ prompt: context, logprobs: 1, logit_bias: { [token]: 100 } }, signal))?.[0] ?? null,
    // `echo` lists the prompt's own log-probabilities (vLLM, OpenAI); an engine that ignores it (llama-server) lists only the generated token.
    async score(context, ids, signal) {
      if (echoes === false) return null
      const got = await complete({ prompt: [...context, ...ids], logprobs: 1, echo: true }, signal, true)
      const at = context.length
      echoes =
        !!got &&
        got.length >= at + ids.length &&
        ids.every((id, i) => got[at + i].id === id && got[at + i].logprob !== null)
      return echoes && got ? ids.map((_, i) => got[at + i].logprob as number) : null
    },
  }
}
