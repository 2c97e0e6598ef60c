import { createHash } from 'node:crypto'
import type { LlamaModel, Token } from 'node-llama-cpp'
import type { ChatMessage, RenderedChat } from '../../core/chat'
import { InputError } from '../../core/errors'
import type { GgufHeader } from '../../core/gguf/gguf-reader'

/** The model's chat template, when its GGUF header has one. */
export function chatTemplateOf(header: GgufHeader): string | null {
  const t = header.metadata.get('tokenizer.chat_template')
  return typeof t === 'string' && t.trim() !== '' ? t : null
}

export function templateSha256(template: string): string {
  return createHash('sha256').update(template, 'utf8').digest('hex')
}

interface JinjaRenderer {
  render(params: Record<string, unknown>): string
}

/**
 * A template renderer from node-llama-cpp's Jinja support: the one its JinjaTemplateChatWrapper keeps
 * (@huggingface/jinja, with llama.cpp's own renderer as the fallback for templates that one cannot parse).
 * The wrapper's chat rendering itself is for chat sessions (it closes a thought block after the
 * generation prompt of Qwen3), so the template is rendered here as llama.cpp's server renders it:
 * messages, add_generation_prompt, bos_token, eos_token.
 */
async function jinjaRenderer(model: LlamaModel, template: string): Promise<JinjaRenderer> {
  const { JinjaTemplateChatWrapper } = await import('node-llama-cpp')
  const wrapper = new JinjaTemplateChatWrapper({ template, tokenizer: model.tokenizer }) as unknown as {
    _jinjaTemplate?: JinjaRenderer
  }
  // node-llama-cpp is pinned (3.21.1); its renderer is internal, so check that it is still there.
  if (typeof wrapper._jinjaTemplate?.render !== 'function')
    throw new Error("node-llama-cpp's Jinja renderer is not where this version expects it")
  return wrapper._jinjaTemplate
}

const renderers = new WeakMap<LlamaModel, Promise<JinjaRenderer>>()

/**
 * The chat template's rendering of `messages` with the generation prompt added, and its tokens
 * (special tokens as such, as llama.cpp's server tokenizes a rendered prompt). A BOS at its start
 * is dropped, from the text and the tokens, when the model prepends one itself.
 */
export async function renderChatPrompt(
  model: LlamaModel,
  template: string,
  messages: ChatMessage[],
  modelBos: number | null,
): Promise<RenderedChat> {
  let renderer = renderers.get(model)
  if (!renderer) {
    renderer = jinjaRenderer(model, template)
    renderers.set(model, renderer)
  }
  const tokenText = (id: Token | null) => (id === null ? '' : model.detokenize([id], true))
  const bosText = tokenText(model.tokens.bos)
  let text: string
  try {
    text = (await renderer).render({
      messages,
      add_generation_prompt: true,
      bos_token: bosText,
      eos_token: tokenText(model.tokens.eos),
    })
  } catch (err) {
    throw new InputError(
      `the chat template of this model fails to render: ${(err as Error).message.split('\n')[0]}; run without --chat (or untick "As chat")`,
    )
  }
  // As llama.cpp's common_chat_templates_apply: a template that begins with the BOS the model prepends
  // anyway (Llama 3, Gemma) would give two.
  if (modelBos !== null && bosText !== '' && text.startsWith(bosText)) text = text.slice(bosText.length)
  return { text, ids: model.tokenize(text, true) }
}
