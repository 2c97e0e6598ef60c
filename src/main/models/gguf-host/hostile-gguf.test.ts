// @vitest-environment node
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, json } from '../../testing/run-cli'
import { useTempDir } from '../../testing/temp-dir'
import { patchGguf } from '../testing/gguf-patch'

const SHIPPED = path.join(__dirname, '..', '..', '..', '..', 'resources', 'models', 'tang-poems.gguf')
const tempDir = useTempDir()
const damaged = 'the file is damaged or not a model llama.cpp can run'

describe('a GGUF file whose header would make llama.cpp abort', () => {
  // Each is the shipped model with one header value changed; llama.cpp aborts the process on the first three.
  const cases: [string, Record<string, number>, string][] = [
    ['ff0', { 'llama.feed_forward_length': 0 }, `llama.feed_forward_length is 0; ${damaged}`],
    ['heads0', { 'llama.attention.head_count': 0 }, `llama.attention.head_count is 0; ${damaged}`],
    ['kv0', { 'llama.attention.head_count_kv': 0 }, `llama.attention.head_count_kv is 0; ${damaged}`],
    [
      'kv3',
      { 'llama.attention.head_count_kv': 3 },
      `llama.attention.head_count (4) is not a multiple of llama.attention.head_count_kv (3); ${damaged}`,
    ],
    ['width0', { 'llama.embedding_length': 0 }, `llama.embedding_length is 0; ${damaged}`],
    ['blocks0', { 'llama.block_count': 0 }, `llama.block_count is 0; ${damaged}`],
    [
      'wide',
      { 'llama.feed_forward_length': 2 ** 30 },
      `llama.feed_forward_length is 1073741824, more than any real model has (at most 16777216); ${damaged}`,
    ],
    [
      'heads-huge',
      { 'llama.attention.head_count': 2 ** 21 },
      `llama.attention.head_count is 2097152, more than any real model has (at most 1048576); ${damaged}`,
    ],
    [
      'ctx',
      { 'llama.context_length': 2 ** 25 },
      `llama.context_length is 33554432, more than any real model has (at most 16777216); ${damaged}`,
    ],
    ['ctx0', { 'llama.context_length': 0 }, `llama.context_length is 0; ${damaged}`],
    [
      'eps-nan',
      { 'llama.attention.layer_norm_rms_epsilon': NaN },
      `llama.attention.layer_norm_rms_epsilon is NaN, not a number between 0 and 1; ${damaged}`,
    ],
    [
      'eps-inf',
      { 'llama.attention.layer_norm_rms_epsilon': Infinity },
      `llama.attention.layer_norm_rms_epsilon is Infinity, not a number between 0 and 1; ${damaged}`,
    ],
    [
      'eps0',
      { 'llama.attention.layer_norm_rms_epsilon': 0 },
      `llama.attention.layer_norm_rms_epsilon is 0, not a number between 0 and 1; ${damaged}`,
    ],
    [
      'eps-neg',
      { 'llama.attention.layer_norm_rms_epsilon': -1 },
      `llama.attention.layer_norm_rms_epsilon is -1, not a number between 0 and 1; ${damaged}`,
    ],
    [
      'eps-big',
      { 'llama.attention.layer_norm_rms_epsilon': 1e30 },
      `llama.attention.layer_norm_rms_epsilon is 1.0000000150474662e+30, not a number between 0 and 1; ${damaged}`,
    ],
    ['align0', { 'general.alignment': 0 }, `general.alignment is 0, not a power of two; ${damaged}`],
    ['align24', { 'general.alignment': 24 }, `general.alignment is 24, not a power of two; ${damaged}`],
  ]
  for (const [name, values, line] of cases) {
    it(`refuses ${name} with exit 2 and one line`, async () => {
      const dir = tempDir()
      const file = patchGguf(SHIPPED, dir, `${name}.gguf`, values)
      const r = await cli(
        'run',
        '--model',
        file,
        '--prompt',
        '春',
        '--strategy',
        'greedy',
        '--max-tokens',
        '3',
        '--db',
        path.join(dir, 'lab.sqlite'),
      )
      expect(r).toEqual({ code: 2, out: '', err: `error: ${file}: ${line}\n` })
    })
  }
})

describe('a GGUF file that passes the header checks and makes llama.cpp abort at load', () => {
  it('fails with exit 1 and llama.cpp’s assertion, keeps earlier runs, and the next run works in the same process', async () => {
    const dir = tempDir()
    const db = path.join(dir, 'lab.sqlite')
    // More experts used than there are: llama.cpp's GGML_ASSERT aborts its process while reading the hyperparameters.
    const file = patchGguf(SHIPPED, dir, 'experts.gguf', { 'llama.expert_count': 2, 'llama.expert_used_count': 3 })
    const before = await json(
      'run',
      '--model',
      'tang-poems',
      '--prompt',
      '春',
      '--strategy',
      'greedy',
      '--max-tokens',
      '3',
      '--db',
      db,
    )
    const r = await cli(
      'run',
      '--model',
      file,
      '--prompt',
      '春',
      '--strategy',
      'greedy',
      '--max-tokens',
      '3',
      '--db',
      db,
    )
    expect(r).toEqual({
      code: 1,
      out: '',
      err: `error: llama.cpp crashed on ${file}: llama-model.cpp:1260: GGML_ASSERT(n_expert_used_max <= hparams.n_expert) failed (its model host ended, killed by SIGABRT)\n`,
    })
    // The crash stored nothing (it came before any run began) and lost nothing.
    const runs = await json('runs', '--db', db)
    expect(runs.runs.map((x: { id: number; status: string }) => [x.id, x.status])).toEqual([
      [before.runs[0].id, 'done'],
    ])
    const after = await json(
      'run',
      '--model',
      'tang-poems',
      '--prompt',
      '春',
      '--strategy',
      'greedy',
      '--max-tokens',
      '3',
      '--db',
      db,
    )
    expect(after.runs[0]).toMatchObject({ status: 'done', sequences: [{ text: before.runs[0].sequences[0].text }] })
  })
})
