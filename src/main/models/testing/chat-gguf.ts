import fs from 'node:fs'
import path from 'node:path'
import type { GgufValue } from '../../../core/gguf/gguf-format'
import { llamaMetadata } from '../../../core/gguf/llama-gguf'
import { writeGguf } from '../../../core/gguf/gguf-writer'
import { type RandomLlamaOptions, randomLlama } from '../../../core/gguf/random-llama'
import { FIXTURE_CHARS } from './gguf-fixtures'

/** A ChatML-style template of the kind Qwen models carry, for tests that need any template at all. */
export const TINY_CHATML_TEMPLATE =
  "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"

/** The tiny random llama model of writeRandomGguf with extra metadata pairs (a chat template, say) appended. */
export function writeRandomGgufWith(
  dir: string,
  name: string,
  extra: [string, GgufValue][],
  opts: Partial<RandomLlamaOptions> = {},
): string {
  const spec = randomLlama({ chars: FIXTURE_CHARS, d: 32, layers: 2, heads: 4, ff: 64, seed: 1, ...opts })
  const file = path.join(dir, name)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, writeGguf({ metadata: [...llamaMetadata(spec), ...extra], tensors: spec.tensors }))
  return file
}

/** As writeRandomGgufWith, with `tokenizer.chat_template` set to `template`. */
export function writeChatGguf(
  dir: string,
  name: string,
  template = TINY_CHATML_TEMPLATE,
  opts: Partial<RandomLlamaOptions> = {},
): string {
  return writeRandomGgufWith(dir, name, [['tokenizer.chat_template', { type: 'string', value: template }]], opts)
}
