/** "As chat": the user's prompt as a user turn of the model's chat template, after an optional system turn. */
export interface ChatMessage {
  role: 'system' | 'user'
  content: string
}

/** The chat settings a run used; part of its reproducibility record. */
export interface ChatRecord {
  /** sha256 of the model's `tokenizer.chat_template`, as UTF-8. */
  templateSha256: string
  /** null when there was no system turn. */
  system: string | null
}

/** The messages a chat prompt renders: a system turn when `system` has text, then the user's prompt. */
export function chatMessages(system: string | null, user: string): ChatMessage[] {
  return [...(system ? [{ role: 'system' as const, content: system }] : []), { role: 'user', content: user }]
}

/** A prompt rendered by a chat template, as the model sees it. */
export interface RenderedChat {
  /** The template's rendering with the generation prompt added. */
  text: string
  /** `text` tokenized with its special tokens, without a BOS the model prepends anyway. */
  ids: number[]
}
