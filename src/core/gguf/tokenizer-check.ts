import { InputError } from '../errors'
import type { GgufHeader } from './gguf-reader'

/**
 * Refuses a tokenizer that llama.cpp would abort the process on while loading (rather than throw):
 * a SentencePiece vocabulary with neither the byte token <0x0A> nor a newline token, which llama.cpp
 * looks up for its line feed.
 */
export function checkTokenizer(file: string, header: GgufHeader): void {
  const model = header.metadata.get('tokenizer.ggml.model')
  const tokens = header.metadata.get('tokenizer.ggml.tokens')
  if (model !== 'llama' || !Array.isArray(tokens)) return
  if (!tokens.some((t) => t === '<0x0A>' || t === '\n')) {
    throw new InputError(
      `${file}: llama.cpp cannot run its tokenizer: a SentencePiece vocabulary (tokenizer.ggml.model "llama") needs the byte token <0x0A> or a newline token, and this one has neither; the file is damaged or was converted for another tokenizer`,
    )
  }
}

/**
 * One line for llama.cpp's own reason why it cannot load a vocabulary ("error loading model vocabulary: …"),
 * saying what is wrong and what to do.
 */
export function tokenizerLoadError(file: string, reason: string): string {
  const pre = /unknown pre-tokenizer type: '([^']*)'/.exec(reason)
  if (pre) {
    return `${file}: llama.cpp cannot run its tokenizer: the pre-tokenizer "${pre[1]}" (tokenizer.ggml.pre) is not one this llama.cpp knows; the file needs a newer llama.cpp, or was converted wrongly`
  }
  const kind = /unknown tokenizer: '([^']*)'/.exec(reason)
  if (kind) {
    return `${file}: llama.cpp cannot run its tokenizer: "${kind[1]}" (tokenizer.ggml.model) is not a tokenizer this llama.cpp knows (llama, gpt2, bert, t5, rwkv …); the file is damaged or needs a newer llama.cpp`
  }
  return `${file}: llama.cpp cannot run its tokenizer: ${reason.trim()}; the file is damaged or was converted for another tokenizer`
}
