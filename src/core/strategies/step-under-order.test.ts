// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { contextOf } from '../decode'
import { defaultOrder, parseOrder } from '../processors/order'
import { seedWeather } from '../testing/builtin-tables'
import { childrenOf, run, table } from '../testing/tables'
import type { LanguageModel, RunResult, TokenId, TreeNode } from '../types'
import { type StoredStep, stepUnderOrder } from './step-under-order'

/** A stored step as the worker builds it from a saved run: the prompt's context and the node's path. */
function storedStep(model: LanguageModel, r: RunResult, node: TreeNode): StoredStep {
  const path: TokenId[] = []
  for (let n: TreeNode | undefined = node; n && n.parent !== null; n = r.tree[n.parent])
    path.unshift(n.tokenId as TokenId)
  return {
    context: [...contextOf(model, []), ...path],
    params: {},
    textParams: {},
    sampler: node.sampler,
    candidates: childrenOf(r.tree, node.id).map((c) => ({ tokenId: c.tokenId as TokenId, prob: c.prob })),
  }
}

const at = (model: LanguageModel, text: string): TokenId => (model.tokenize(text) as TokenId[])[0]

describe('a stored step replayed under another order', () => {
  it('seed-weather, temperature 2 and top-p 0.58: hf keeps both, llama (top-p first) only 天', async () => {
    // hf: temperature 2 first, √.6 : √.4 = 0.5505 : 0.4495, whose top 0.5505 < 0.58 keeps both.
    // llama: top-p first on .6 : .4, where .6 ≥ .58 keeps 天 alone; temperature then leaves it at 1.
    const r = await run(seedWeather, 'sample:temperature=2,topP=0.58,order=hf,seed=1', { maxTokens: 1 })
    const root = r.tree[0]
    const params = { temperature: 2, topP: 0.58, order: parseOrder('hf') }
    const step = { ...storedStep(seedWeather, r, root), params }
    const hfShare = Math.sqrt(0.6) / (Math.sqrt(0.6) + Math.sqrt(0.4))
    const byToken = (res: Awaited<ReturnType<typeof stepUnderOrder>>) =>
      Object.fromEntries(res.candidates.map((c) => [seedWeather.tokenText(c.tokenId), [c.processedProb, c.filteredBy]]))

    const llama = await stepUnderOrder(seedWeather, step, parseOrder('llama'))
    expect(llama.runChain).toEqual(['temperature', 'topP'])
    expect(llama.chain).toEqual(['topP', 'temperature'])
    expect(llama.differs).toBe(true)
    expect(llama.order.text).toBe('llama')
    expect(llama.runOrder.text).toBe('hf')
    expect(byToken(llama)).toEqual({ 天: [1, null], 好: [0, 'topP'] })
    expect(llama.notes).toEqual([])

    // Under its own order the replay gives what the run stored.
    const hf = await stepUnderOrder(seedWeather, step, parseOrder('hf'))
    expect(byToken(hf).天[0]).toBeCloseTo(hfShare, 12)
    expect(byToken(hf).好[0]).toBeCloseTo(1 - hfShare, 12)
    for (const c of childrenOf(r.tree, root.id))
      expect(c.processedProb).toBeCloseTo(byToken(hf)[c.text][0] as number, 12)
    expect(hf.differs).toBe(false)
  })

  it('refuses an order that leaves out a processor the run sets, and a Mirostat run', async () => {
    const r = await run(seedWeather, 'sample:temperature=2,topK=1,seed=1', { maxTokens: 1 })
    const step = { ...storedStep(seedWeather, r, r.tree[0]), params: { temperature: 2, topK: 1 } }
    await expect(stepUnderOrder(seedWeather, step, parseOrder('topK'))).rejects.toThrow(
      'order topK leaves out temperature, which this run sets; list every processor the run sets',
    )
    await expect(
      stepUnderOrder(seedWeather, { ...step, params: { mirostat: 2 } }, parseOrder('llama')),
    ).rejects.toThrow('Mirostat, which replaces the sampler chain')
  })

  it('a banned token is still removed by its constraint under any order', async () => {
    const r = await run(seedWeather, 'sample:temperature=2,seed=1', { maxTokens: 1 })
    const step = {
      ...storedStep(seedWeather, r, r.tree[0]),
      params: { temperature: 2 },
      textParams: { logitBias: '天=false' },
    }
    const res = await stepUnderOrder(seedWeather, step, parseOrder('llama'))
    const tian = res.candidates.find((c) => c.tokenId === at(seedWeather, '天'))
    expect(tian).toEqual({ tokenId: at(seedWeather, '天'), processedProb: 0, filteredBy: 'logitBias' })
    expect(res.candidates.find((c) => c.tokenId === at(seedWeather, '好'))?.processedProb).toBe(1)
  })

  it('says by code what it assumed: XTC without a recorded draw, no adaptive-p target, and stored probabilities that drifted', async () => {
    const r = await run(seedWeather, 'sample:temperature=2,seed=1', { maxTokens: 1 })
    const base = storedStep(seedWeather, r, r.tree[0])
    const codes = async (params: Record<string, number>, candidates = base.candidates) =>
      (await stepUnderOrder(seedWeather, { ...base, params, sampler: undefined, candidates }, parseOrder('llama')))
        .notes
    expect(await codes({ temperature: 2, xtcProbability: 1, xtcThreshold: 0.3 })).toEqual([
      {
        code: 'xtcTakenToFire',
        text: 'XTC drew no number at this step of the run; with xtcProbability 1 it is taken to fire',
      },
    ])
    expect((await codes({ temperature: 2, xtcProbability: 0.5, xtcThreshold: 0.3 })).map((n) => n.code)).toEqual([
      'xtcTakenNotToFire',
    ])
    expect((await codes({ temperature: 2, adaptiveTarget: 0.3 })).map((n) => n.code)).toEqual(['noAdaptiveTarget'])
    // Stored 天 0.6 → 0.55, 好 0.4 → 0.45: today's model differs by up to 0.05.
    const drifted = base.candidates.map((c) => ({ ...c, prob: c.prob === 0.6 ? 0.55 : 0.45 }))
    expect(await codes({ temperature: 2 }, drifted)).toEqual([
      {
        code: 'drift',
        text: "the model now gives other probabilities at this step than when the run was made (by up to 0.050); the comparison uses today's",
        value: '0.050',
      },
    ])
  })

  // Eight tokens with a distribution that depends on the last token, so that penalties, DRY and XTC all act.
  const vocab = ['<s>', 'a', 'b', 'c', 'd', 'e', 'f', 'g', '</s>']
  const letters = vocab.slice(1, 8)
  const looping = table('looping', {
    vocab,
    rules: letters.map((l, i) => {
      const w = letters.map((_, j) => 1 + ((i * 3 + j * 5) % 7))
      const total = w.reduce((x, y) => x + y, 0)
      return { context: [l], next: Object.fromEntries(letters.map((m, j) => [m, w[j] / total])) }
    }),
    default: { a: 0.4, b: 0.3, c: 0.1, d: 0.1, e: 0.05, f: 0.03, g: 0.02 },
  })

  it.each([
    [
      'xtc',
      'sample:repetitionPenalty=1.3,penaltyLastN=3,dryMultiplier=0.8,dryAllowedLength=1,xtcProbability=0.5,xtcThreshold=0.12,dynatempRange=0.5,topK=5,minP=0.05,order=llama,seed=3,samples=4',
    ],
    ['topP', 'sample:temperature=0.8,topP=0.9,adaptiveTarget=0.3,seed=5,samples=4'],
    [
      'xtc',
      'sample:presencePenalty=0.4,frequencyPenalty=0.2,typicalP=0.9,xtcProbability=1,xtcThreshold=0.1,temperature=1.2,order=temperature>xtc>typicalP>frequencyPenalty>presencePenalty,seed=7,samples=3',
    ],
  ])(
    'a %s run: every stored step of %s, replayed under its own order, is what the run recorded',
    async (remover, spec) => {
      const r = await run(looping, spec, { maxTokens: 6, topN: 7 })
      expect(r.sequences.length).toBeGreaterThan(0)
      const strategy = spec.slice('sample:'.length)
      const params = Object.fromEntries(
        strategy
          .split(',')
          .map((kv) => kv.split('='))
          .map(([k, v]) => [k, k === 'order' ? parseOrder(v) : Number(v)]),
      )
      const own = params.order ?? defaultOrder(params)
      let steps = 0
      for (const node of r.tree.filter(
        (n) => n.expanded && childrenOf(r.tree, n.id).some((c) => c.processedProb !== undefined),
      )) {
        const step = { ...storedStep(looping, r, node), params }
        const res = await stepUnderOrder(looping, step, own)
        const children = childrenOf(r.tree, node.id)
        res.candidates.forEach((c, k) => {
          expect(c.processedProb, `node ${node.id} token ${c.tokenId}`).toBeCloseTo(
            children[k].processedProb as number,
            12,
          )
          expect(c.filteredBy, `node ${node.id} token ${c.tokenId}`).toBe(children[k].filteredBy)
        })
        steps++
      }
      expect(steps).toBeGreaterThan(5)
      // The replay had something to get right: the processor under test removed candidates somewhere.
      expect(r.tree.some((n) => n.filteredBy === remover)).toBe(true)
    },
  )
})
