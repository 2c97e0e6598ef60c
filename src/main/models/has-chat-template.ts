import fs from 'node:fs'
import { chatTemplateOf } from './gguf-chat'
import { inspectGgufFile } from './gguf-model'

const seen = new Map<string, { stamp: string; chat: boolean }>()

/**
 * Whether a GGUF file declares a chat template (tokenizer.chat_template), so that the app offers
 * "As chat" for it. Read from the header once per version of the file; a file that is gone or not
 * a readable GGUF has none.
 */
export function hasChatTemplate(file: string): boolean {
  let stamp: string
  try {
    const st = fs.statSync(file)
    if (!st.isFile()) return false
    stamp = `${st.size}:${st.mtimeMs}`
  } catch {
    return false
  }
  const known = seen.get(file)
  if (known?.stamp === stamp) return known.chat
  let chat: boolean
  try {
    chat = chatTemplateOf(inspectGgufFile(file).header) !== null
  } catch {
    chat = false
  }
  seen.set(file, { stamp, chat })
  return chat
}
