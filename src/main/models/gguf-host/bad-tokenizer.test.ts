// @vitest-environment node
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { GgufValue } from '../../../core/gguf/gguf-format'
import { cli } from '../../testing/run-cli'
import { useTempDir } from '../../testing/temp-dir'
import { writeQwen3Gguf } from '../testing/qwen3-gguf'

const tempDir = useTempDir()

type Edit = (m: [string, GgufValue][]) => [string, GgufValue][]
const set =
  (key: string, value: GgufValue | null): Edit =>
  (m) =>
    value === null ? m.filter(([k]) => k !== key) : m.map(([k, v]): [string, GgufValue] => [k, k === key ? value : v])
const text = (value: string): GgufValue => ({ type: 'string', value })
const cannot = 'llama.cpp cannot run its tokenizer'

describe('a GGUF file whose tokenizer llama.cpp cannot run', () => {
  // Each is the Qwen3-shaped fixture (tiny, d = 16) with one tokenizer key changed.
  const cases: [string, Edit, string][] = [
    [
      'pre',
      set('tokenizer.ggml.pre', text('qwen9')),
      `${cannot}: the pre-tokenizer "qwen9" (tokenizer.ggml.pre) is not one this llama.cpp knows; the file needs a newer llama.cpp, or was converted wrongly`,
    ],
    [
      'model',
      set('tokenizer.ggml.model', text('wordpiece9')),
      `${cannot}: "wordpiece9" (tokenizer.ggml.model) is not a tokenizer this llama.cpp knows (llama, gpt2, bert, t5, rwkv …); the file is damaged or needs a newer llama.cpp`,
    ],
    [
      'merges',
      set('tokenizer.ggml.merges', null),
      `${cannot}: cannot find tokenizer merges in model file; the file is damaged or was converted for another tokenizer`,
    ],
    // llama.cpp would abort the process on this one: it is refused from the header.
    [
      'spm',
      set('tokenizer.ggml.model', text('llama')),
      `${cannot}: a SentencePiece vocabulary (tokenizer.ggml.model "llama") needs the byte token <0x0A> or a newline token, and this one has neither; the file is damaged or was converted for another tokenizer`,
    ],
  ]
  for (const [name, edit, line] of cases) {
    it(`refuses a bad ${name} with exit 2 and one line`, async () => {
      const dir = tempDir()
      const file = writeQwen3Gguf(dir, `${name}.gguf`, { d: 16, heads: 2, headsKv: 1, editMetadata: edit })
      const r = await cli(
        'run',
        '--model',
        file,
        '--prompt',
        'Hello',
        '--strategy',
        'greedy',
        '--max-tokens',
        '2',
        '--db',
        path.join(dir, 'lab.sqlite'),
      )
      expect(r).toEqual({ code: 2, out: '', err: `error: ${file}: ${line}\n` })
    }, 60_000)
  }
})
