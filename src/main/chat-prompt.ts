import type { Database } from 'better-sqlite3'
import { type ChatRecord, chatMessages } from '../core/chat'
import { InputError } from '../core/errors'
import type { RunProvenance } from '../core/records'
import type { LanguageModel, TokenId } from '../core/types'

/** A prompt as a chat: what the model sees, and what the run records of it. */
export interface ChatPrompt {
  text: string
  ids: TokenId[]
  record: ChatRecord
}

/**
 * Whether a run is "as chat": by default, exactly when the model has a chat template; `chat` true or
 * false says so explicitly. A system prompt needs chat.
 */
export function chatSetting(
  model: LanguageModel,
  chat: boolean | undefined,
  system: string | undefined,
): { system: string | null } | null {
  const hasTemplate = model.chatTemplate != null && model.renderChat !== undefined
  if (chat === true && !hasTemplate)
    throw new InputError(`${model.id} has no chat template (tokenizer.chat_template): run it without --chat`)
  const on = chat ?? hasTemplate
  if (!on) {
    if (system)
      throw new InputError(
        hasTemplate
          ? 'a system prompt needs chat: drop --no-chat (tick "As chat" in the app) or the system prompt'
          : `${model.id} has no chat template, so a system prompt has nowhere to go: drop --system`,
      )
    return null
  }
  return { system: system || null }
}

/** The prompt rendered by the model's chat template (a system turn, then the user's prompt), in the model's process. */
export async function chatPrompt(model: LanguageModel, system: string | null, user: string): Promise<ChatPrompt> {
  if (!model.renderChat || !model.chatTemplate)
    throw new InputError(`${model.id} has no chat template (tokenizer.chat_template): run it without --chat`)
  const { text, ids } = await model.renderChat(chatMessages(system, user))
  return { text, ids, record: { templateSha256: model.chatTemplate.sha256, system } }
}

/**
 * The chat setting an experiment's runs were decoded with, from their records: a branch must see the
 * same prompt. undefined when no run of it has a record.
 */
export function experimentChat(db: Database, experimentId: number): { system: string | null } | null | undefined {
  const row = db
    .prepare(`SELECT provenance FROM runs WHERE experiment_id = ? AND provenance IS NOT NULL ORDER BY position LIMIT 1`)
    .get(experimentId) as { provenance: string } | undefined
  if (!row) return undefined
  const chat = (JSON.parse(row.provenance) as RunProvenance).chat
  return chat ? { system: chat.system } : null
}
