import { UsageError } from './cli-error'

/** `--chat` / `--no-chat` and `--system TEXT` (node 20's parseArgs has no negated booleans: two flags). */
export const CHAT_FLAGS = {
  chat: { type: 'boolean' },
  'no-chat': { type: 'boolean' },
  system: { type: 'string' },
} as const

/** true, false, or undefined for the default (chat exactly when the model has a template). */
export function chatFlag(values: { chat?: boolean; 'no-chat'?: boolean }): boolean | undefined {
  if (values.chat && values['no-chat']) throw new UsageError('give --chat or --no-chat, not both')
  return values.chat ? true : values['no-chat'] ? false : undefined
}
