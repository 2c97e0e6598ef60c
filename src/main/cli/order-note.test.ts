// @vitest-environment node
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli } from '../testing/run-cli'
import { useTempDir } from '../testing/temp-dir'

const tempDir = useTempDir()

describe('run shows where the Hugging Face and llama.cpp orders differ', () => {
  it('names both chains for a sample run with several processors, and says nothing when they agree', async () => {
    const db = path.join(tempDir(), 'lab.sqlite')
    const three = await cli(
      'run',
      '--model',
      'greedy-trap',
      '--strategy',
      'sample:temperature=0.7,topK=2,minP=0.1,seed=1',
      '--db',
      db,
    )
    expect(three.code).toBe(0)
    expect(three.out).toContain(
      '  run 1 order: Hugging Face applies temperature > topK > minP; llama.cpp applies topK > minP > temperature (this run: hf)\n',
    )
    // top-k then top-p: the same in both libraries.
    const two = await cli('run', '--model', 'greedy-trap', '--strategy', 'sample:topK=2,topP=0.9,seed=1', '--db', db)
    expect(two.code).toBe(0)
    expect(two.out).not.toContain('order:')
  })
})
