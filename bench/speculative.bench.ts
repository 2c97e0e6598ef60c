import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { decode } from '../src/core/decode'
import { parseStrategySpec } from '../src/core/strategy-spec'
import { loadHostedGgufModel } from '../src/main/models/gguf-host/hosted-gguf-model'
import { writeLayerSkipDraft } from '../src/main/models/layer-skip-draft'
import { medianMsAsync } from './measure'

const SHIPPED = path.join(__dirname, '..', 'resources', 'models', 'tang-poems.gguf')
const SAMPLES = 8
const MAX_TOKENS = 48

/**
 * Speculative decoding on the shipped model with a draft made of its first block (of 2): the
 * acceptance rate, the target calls it saves, and its time against plain sampling from the target.
 */
export async function benchSpeculative(): Promise<Record<string, number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'speculative-bench-'))
  const draftFile = writeLayerSkipDraft(SHIPPED, path.join(dir, 'draft.gguf'), 1)
  const target = await loadHostedGgufModel(SHIPPED, {}, 'tang-poems')
  const draft = await loadHostedGgufModel(draftFile)
  try {
    const promptIds = await target.tokenize('春')
    const opts = { maxTokens: MAX_TOKENS, topN: 10 }
    const noSeed = (): number => 0
    const out: Record<string, number> = {}
    for (const lookahead of [2, 4]) {
      const spec = parseStrategySpec(
        `speculative:draft=${draftFile},lookahead=${lookahead},seed=1,samples=${SAMPLES}`,
        noSeed,
      )
      let stats = (await decode(target, promptIds, spec, { ...opts, draftModel: draft })).speculative
      const ms = await medianMsAsync(
        async () => {
          stats = (await decode(target, promptIds, spec, { ...opts, draftModel: draft })).speculative
        },
        5,
        2,
      )
      const s = stats!
      out[`speculative.lookahead${lookahead}.acceptanceRate`] = s.acceptanceRate ?? 0
      out[`speculative.lookahead${lookahead}.targetCalls`] = s.targetCalls
      out[`speculative.lookahead${lookahead}.targetCallsSaved`] = s.targetCallsSaved
      out[`speculative.lookahead${lookahead}.tokens`] = s.tokens
      out[`speculative.lookahead${lookahead}.ms`] = ms
    }
    const plain = parseStrategySpec(`sample:seed=1,samples=${SAMPLES}`, noSeed)
    let plainTokens = 0
    out['speculative.plainSamplingMs'] = await medianMsAsync(
      async () => {
        plainTokens = (await decode(target, promptIds, plain, opts)).sequences.reduce(
          (n, q) => n + q.tokenIds.length,
          0,
        )
      },
      5,
      2,
    )
    out['speculative.plainSamplingTokens'] = plainTokens
    // Per generated token: the two runs draw different samples of different lengths.
    out['speculative.lookahead4OverPlainMsPerToken'] =
      out['speculative.lookahead4.ms'] /
      out['speculative.lookahead4.tokens'] /
      (out['speculative.plainSamplingMs'] / plainTokens)
    return out
  } finally {
    await draft.dispose()
    await target.dispose()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
