// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { describeHostDeath, lastLlamaMessage } from './host-crash'

describe('lastLlamaMessage', () => {
  it('takes the last assertion, without its directories, over later error and backtrace lines', () => {
    const lines = [
      'warn: llama_model_loader: a warning',
      '/home/runner/work/llama.cpp/ggml/src/ggml.c:1234: GGML_ASSERT(eps >= 0.0f) failed',
      'error: something after',
      '#0  0x00007f in ggml_abort ()',
      '[Inferior 1 (process 42) detached]',
    ]
    expect(lastLlamaMessage(lines)).toBe('ggml.c:1234: GGML_ASSERT(eps >= 0.0f) failed')
  })

  it('falls back to the last error line, then the last line, then nothing', () => {
    expect(lastLlamaMessage(['info: loading', 'error: llama_model_load: out of memory', 'done'])).toBe(
      'error: llama_model_load: out of memory',
    )
    expect(lastLlamaMessage(['first', 'last'])).toBe('last')
    expect(lastLlamaMessage(['', '  '])).toBeNull()
  })
})

describe('describeHostDeath', () => {
  it('names the file, llama.cpp’s message and how the host ended, in one line', () => {
    expect(
      describeHostDeath('m.gguf', {
        code: null,
        signal: 'SIGABRT',
        stderr: ['/x/llama-model.cpp:7: GGML_ASSERT(a) failed'],
      }),
    ).toBe(
      'llama.cpp crashed on m.gguf: llama-model.cpp:7: GGML_ASSERT(a) failed (its model host ended, killed by SIGABRT)',
    )
    expect(describeHostDeath('m.gguf', { code: 137, signal: null, stderr: [] })).toBe(
      'llama.cpp crashed on m.gguf without a message (its model host ended, exit code 137)',
    )
  })
})
