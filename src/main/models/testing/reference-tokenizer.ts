import fs from 'node:fs'
import path from 'node:path'
import { TokenizerLoader } from '@lenml/tokenizers'

/**
 * A Hugging Face tokenizer folder's own tokenization (its tokenizer.json run by transformers.js's
 * tokenizer code, an implementation independent of llama.cpp's), without special tokens added.
 */
export function referenceEncoder(dir: string): (text: string) => number[] {
  const readJson = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'))
  const reference = TokenizerLoader.fromPreTrained({
    tokenizerJSON: readJson('tokenizer.json'),
    tokenizerConfig: readJson('tokenizer_config.json'),
  } as never)
  return (text) => reference.encode(text, { add_special_tokens: false })
}
