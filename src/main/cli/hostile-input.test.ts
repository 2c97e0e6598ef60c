// @vitest-environment node
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ggufDeclaringArray } from '../../core/testing/hostile-gguf'
import { cli } from '../testing/run-cli'
import { useTempDir } from '../testing/temp-dir'

const tempDir = useTempDir()

describe('hostile model files', () => {
  it('refuses a 1 GiB sparse GGUF with a huge metadata array in one line, fast, without taking memory', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'sparse.gguf')
    fs.writeFileSync(file, ggufDeclaringArray('tokenizer.ggml.scores', 'f32', 2n ** 50n))
    fs.truncateSync(file, 2 ** 30)
    const left = 2 ** 30 - (24 + 45 + 8 + 'tokenizer.ggml.scores'.length + 16)
    const rss = process.memoryUsage().rss
    const started = performance.now()
    const r = await cli('run', '--model', file, '--strategy', 'greedy', '--db', path.join(dir, 'lab.sqlite'))
    expect(performance.now() - started).toBeLessThan(2000)
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 2 ** 20)
    expect(r).toEqual({
      code: 2,
      out: '',
      err: `error: ${file} is truncated or damaged: metadata key "tokenizer.ggml.scores" (an array of f32) declares ${2 ** 50} items (at least ${2 ** 52} bytes) but only ${left} bytes follow\n`,
    })
  })
})
