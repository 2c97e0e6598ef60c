// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { sortedCandidates } from '../../../core/distribution'
import { decode } from '../../../core/decode'
import { score } from '../../../core/score'
import type { Distribution, TokenId } from '../../../core/types'
import { RemoteModel } from './remote-model'
import { useEngineFixture } from './testing/engine-fixture'

// llama-server serves the OpenAI-compatible /v1/completions too: the same engine in both dialects.
const fx = useEngineFixture()
const connect = (api?: 'openai' | 'llama-server') =>
  RemoteModel.connect(`remote-${api}`, { url: fx.server.url, model: 'fixture', api })

/** Listed probabilities: the engine's top K as given; the local GGUF's logits as every token's softmax. */
function listed(d: Distribution): { ids: Int32Array; probs: Float64Array } {
  return d.kind === 'probs' ? d : sortedCandidates(d)
}

describe('the OpenAI-compatible dialect on a real llama-server', () => {
  it('detects llama-server by its /props, and takes the dialect it is given', async () => {
    expect((await connect()).api.name).toBe('llama-server')
    const openai = await connect('openai')
    expect(openai.api.name).toBe('openai')
    expect(openai.vocabSize).toBe(fx.local.vocabSize)
    expect(openai.eos).toBe(fx.local.eos)
  })

  it('greedy gives exactly the tokens of the native dialect and of the local GGUF backend', async () => {
    const [openai, native] = [await connect('openai'), await connect('llama-server')]
    const prompt = await openai.tokenize('the ')
    expect(prompt).toEqual(fx.local.tokenize('the '))
    const opts = { maxTokens: 24, topN: 10 }
    const greedy = { name: 'greedy' as const, params: {} }
    const [a, b, c] = [
      await decode(openai, prompt, greedy, opts),
      await decode(native, prompt, greedy, opts),
      await decode(fx.local, prompt, greedy, opts),
    ]
    expect(a.sequences[0].tokenIds.length).toBeGreaterThan(0)
    expect(a.sequences[0].tokenIds).toEqual(b.sequences[0].tokenIds)
    expect(a.sequences[0].tokenIds).toEqual(c.sequences[0].tokenIds)
    expect(a.sequences[0].text).toBe(c.sequences[0].text)
  })

  it('the top 20 are the local top 20, each within 1e-3 of the local full softmax', async () => {
    const openai = await connect('openai')
    const context: TokenId[] = [...(fx.local.bos === null ? [] : [fx.local.bos]), ...fx.local.tokenize('hello wor')]
    const far = listed(await openai.next(context))
    const near = listed(await fx.local.next(context))
    expect(far.ids.length).toBe(20)
    const localTop = [...near.ids]
      .map((id, i) => ({ id, p: near.probs[i] }))
      .sort((x, y) => y.p - x.p || x.id - y.id)
      .slice(0, 20)
    expect(new Set(far.ids)).toEqual(new Set(localTop.map((e) => e.id)))
    for (let i = 0; i < far.ids.length; i++)
      expect(Math.abs(far.probs[i] - near.probs[near.ids.indexOf(far.ids[i])])).toBeLessThan(1e-3)
  })

  it('a token outside the top 20 gets its probability from a request that makes the engine generate it', async () => {
    const openai = await connect('openai')
    const context: TokenId[] = [...(fx.local.bos === null ? [] : [fx.local.bos]), ...fx.local.tokenize('the ')]
    const top = listed(await openai.next(context))
    const near = listed(await fx.local.next(context))
    const outside = [...near.ids].find((id) => !top.ids.includes(id)) as TokenId
    expect(
      Math.abs((await openai.probabilityOf(context, outside)) - near.probs[near.ids.indexOf(outside)]),
    ).toBeLessThan(1e-3)
  })
})

describe('score on a remote engine: one request where the engine can, token by token otherwise', () => {
  it('llama-server scores the whole text in one request (a grammar of its token ids), equal to token by token within 1e-3', async () => {
    const native = await connect('llama-server')
    const prompt = await native.tokenize('the ')
    const text = [...(await native.tokenize('zq天!x the cat')), native.eos]
    const before = native.stats.requests
    const together = await score(native, prompt, text)
    expect(native.stats.requests - before).toBe(1)
    const apart = await score(native, prompt, text, undefined, { oneRequest: false })
    expect(native.stats.requests - before).toBeGreaterThan(text.length)
    expect(together.tokenIds).toEqual(apart.tokenIds)
    for (let i = 0; i < text.length; i++)
      expect(Math.abs((together.steps[i].logProb ?? 0) - (apart.steps[i].logProb ?? 0))).toBeLessThan(1e-3)
    const near = await score(fx.local, prompt, text)
    for (let i = 0; i < text.length; i++)
      expect(Math.abs(together.steps[i].prob - near.steps[i].prob)).toBeLessThan(1e-3)
  })

  it('the OpenAI dialect asks with echo once; llama-server ignores echo, so it goes on token by token with the same figures', async () => {
    const openai = await connect('openai')
    const prompt = await openai.tokenize('a ')
    const text = await openai.tokenize('b天c')
    const at = openai.stats.requests
    const first = await score(openai, prompt, text)
    const between = openai.stats.requests
    const second = await score(openai, prompt, text)
    // The second asks no echo: the engine's answer to the first was remembered.
    expect(between - at).toBe(openai.stats.requests - between + 1)
    const near = await score(fx.local, prompt, text)
    for (let i = 0; i < text.length; i++) {
      expect(Math.abs(first.steps[i].prob - near.steps[i].prob)).toBeLessThan(1e-3)
      expect(second.steps[i].prob).toBe(first.steps[i].prob)
    }
  })
})
