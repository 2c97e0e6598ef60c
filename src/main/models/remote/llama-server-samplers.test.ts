// @vitest-environment node
// The sampler chain against llama.cpp itself: the same prompt, settings and order sent to
// llama-server (n_probs, post_sampling_probs) and run locally on the same GGUF; the first step's
// processedProb of every candidate must be llama-server's `prob` to 1e-3.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decode } from '../../../core/decode'
import { sortedCandidates } from '../../../core/distribution'
import { decodeOrder, LLAMA_ORDER, type ProcessorKey } from '../../../core/processors/order'
import { validateStrategy } from '../../../core/strategy-spec'
import type { TokenId } from '../../../core/types'
import { loadGgufModel, type GgufLanguageModel } from '../gguf-model'
import { FIXTURE_CHARS, manyChars, writeRandomGguf } from '../testing/gguf-fixtures'
import { llamaServerBinary, startLlamaServer, type RunningServer } from './testing/llama-server'

let dir: string
let server: RunningServer
let local: GgufLanguageModel

beforeAll(async () => {
  llamaServerBinary()
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decoding-lab-samplers-'))
  // 1,100 characters beside the 256 byte tokens, so that most tokens are whole characters: llama-server
  // answers a step whose drawn token is a lone UTF-8 byte with an error instead of its probabilities.
  const chars = [...FIXTURE_CHARS, ...manyChars(1100).filter((c) => !(FIXTURE_CHARS as readonly string[]).includes(c))]
  const fixture = writeRandomGguf(dir, 'fixture.gguf', { seed: 5, chars })
  server = await startLlamaServer(fixture, { alias: 'fixture', parallel: 1 })
  local = await loadGgufModel(fixture, { sequences: 1 })
  PROMPT = await findPrompt(chars)
}, 30 * 60_000)

afterAll(async () => {
  await server?.stop()
  await local?.dispose()
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

/**
 * A prompt whose next step the penalties and DRY act on: a text T, its last two tokens and x, the
 * token the model favours after T, come first, so that after "… T" DRY sees the repeat of T's end
 * followed by x, and the penalties find x in the context. Chosen so that x stays among the top 3
 * and the 12 most probable tokens are whole characters; the first such text of a fixed list.
 */
async function findPrompt(chars: string[]): Promise<TokenId[]> {
  const plain = (id: TokenId): boolean => chars.includes(local.tokenText(id))
  for (let i = 0; i < 200; i++) {
    const text = local.tokenize(`the cat sat. the cat sa${chars[100 + i]}${chars[300 + i]}`)
    const x = Array.from(sortedCandidates(await local.next(contextOf(text))).ids).find(plain) as TokenId
    const prompt = [...text.slice(-2), x, ...text]
    const next = Array.from(sortedCandidates(await local.next(contextOf(prompt))).ids.subarray(0, 12))
    if (next.every(plain) && next.indexOf(x) >= 0 && next.indexOf(x) <= 2) return prompt
  }
  throw new Error('no text of the list keeps its favourite among the top 3 with 12 whole characters on top')
}

/** A window longer than any context here: llama-server's stand-in for −1, the whole context. */
const WHOLE = 4096

/** llama-server's name of each parameter; −1 windows become WHOLE. */
const SERVER_NAMES: Record<string, string> = {
  temperature: 'temperature',
  topK: 'top_k',
  topP: 'top_p',
  minP: 'min_p',
  typicalP: 'typical_p',
  topNSigma: 'top_n_sigma',
  repetitionPenalty: 'repeat_penalty',
  frequencyPenalty: 'frequency_penalty',
  presencePenalty: 'presence_penalty',
  penaltyLastN: 'repeat_last_n',
  dryMultiplier: 'dry_multiplier',
  dryBase: 'dry_base',
  dryAllowedLength: 'dry_allowed_length',
  dryPenaltyLastN: 'dry_penalty_last_n',
  xtcProbability: 'xtc_probability',
  xtcThreshold: 'xtc_threshold',
  dynatempRange: 'dynatemp_range',
  dynatempExponent: 'dynatemp_exponent',
  mirostat: 'mirostat',
  mirostatTau: 'mirostat_tau',
  mirostatEta: 'mirostat_eta',
  adaptiveTarget: 'adaptive_target',
  adaptiveDecay: 'adaptive_decay',
}

const SAMPLER_NAMES: Record<ProcessorKey, string | null> = {
  repetitionPenalty: 'penalties',
  frequencyPenalty: 'penalties',
  presencePenalty: 'penalties',
  dry: 'dry',
  topNSigma: 'top_n_sigma',
  topK: 'top_k',
  typicalP: 'typ_p',
  topP: 'top_p',
  minP: 'min_p',
  xtc: 'xtc',
  temperature: 'temperature',
  noRepeatNgram: null,
  epsilon: null,
  eta: null,
}

/** Every llama-server sampler at its neutral value (the server's own defaults are top-k 40, top-p 0.95, …). */
const NEUTRAL = {
  temperature: 1,
  top_k: 0,
  top_p: 1,
  min_p: 0,
  typical_p: 1,
  top_n_sigma: -1,
  repeat_penalty: 1,
  frequency_penalty: 0,
  presence_penalty: 0,
  repeat_last_n: WHOLE,
  dry_multiplier: 0,
  dry_penalty_last_n: WHOLE,
  xtc_probability: 0,
  dynatemp_range: 0,
  mirostat: 0,
}

function serverBody(params: Record<string, number>): Record<string, unknown> {
  const body: Record<string, unknown> = { ...NEUTRAL }
  for (const [k, v] of Object.entries(params)) {
    const name = SERVER_NAMES[k]
    if (name) body[name] = (k === 'penaltyLastN' || k === 'dryPenaltyLastN') && v === -1 ? WHOLE : v
  }
  if (params.order !== undefined) {
    const names = decodeOrder(params.order).map((k) => SAMPLER_NAMES[k])
    if (names.includes(null)) throw new Error('llama-server has no such sampler')
    body.samplers = names.filter((n, i) => names.indexOf(n) === i)
  }
  if ((params.adaptiveTarget ?? -1) >= 0)
    body.samplers = [...((body.samplers as string[]) ?? DEFAULT_SAMPLERS), 'adaptive_p']
  return body
}

const DEFAULT_SAMPLERS = ['penalties', 'dry', 'top_n_sigma', 'top_k', 'typ_p', 'top_p', 'min_p', 'xtc', 'temperature']

/** llama-server's distribution after its chain at the first step: token id → prob. */
async function serverProbs(
  context: readonly TokenId[],
  params: Record<string, number>,
  seed = 1,
  extra: Record<string, unknown> = {},
): Promise<{ probs: Map<TokenId, number>; token: TokenId }> {
  const body = {
    prompt: context,
    n_predict: 1,
    n_probs: local.vocabSize,
    post_sampling_probs: true,
    cache_prompt: false,
    stream: true,
    ...serverBody(params),
    ...extra,
  }
  // A drawn end token or lone byte leaves the answer without the step's probabilities; the
  // distribution after the chain does not depend on the draw, so another seed is asked.
  let last = ''
  for (let attempt = 0; attempt < 60; attempt++) {
    let res: Response
    try {
      res = await fetch(`${server.url}/completion`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...body, seed: seed + attempt * 7919 }),
      })
      last = await res.text()
    } catch (err) {
      // llama-server sometimes drops the stream of a step that drew a lone byte.
      last = String(err)
      continue
    }
    for (const line of last.split('\n')) {
      if (!line.startsWith('data: ')) continue
      const chunk = JSON.parse(line.slice(6)) as {
        completion_probabilities?: { id: number; top_probs: { id: number; prob: number }[] }[]
      }
      const step = chunk.completion_probabilities?.[0]
      if (step) return { probs: new Map(step.top_probs.map((p) => [p.id, p.prob])), token: step.id }
    }
  }
  throw new Error(`llama-server gave no probabilities for ${JSON.stringify(params)}: ${last.slice(0, 300)}`)
}

/** Our processedProb of every candidate at the first step (the tree stores them all: topN ≥ the vocabulary). */
async function localProbs(
  prompt: readonly TokenId[],
  text: string,
): Promise<{ probs: Map<TokenId, number>; params: Record<string, number> }> {
  const spec = validateStrategy(
    'sample',
    Object.fromEntries(
      text
        .split(',')
        .map((kv) => kv.split('='))
        .map(([k, v]) => [k, Number(v)]),
    ),
    () => 1,
  )
  const r = await decode(local, prompt, spec, { maxTokens: 1, topN: local.vocabSize })
  const probs = new Map<TokenId, number>()
  for (const n of r.tree) if (n.parent === 0) probs.set(n.tokenId as TokenId, n.processedProb as number)
  return { probs, params: spec.params }
}

const contextOf = (prompt: readonly TokenId[]): TokenId[] => [...(local.bos === null ? [] : [local.bos]), ...prompt]

/** Both sides' first-step distributions agree to 1e-3 on every token; returns how many tokens llama-server kept. */
async function expectSameStep(prompt: readonly TokenId[], spec: string): Promise<number> {
  const ours = await localProbs(prompt, spec)
  const theirs = await serverProbs(contextOf(prompt), ours.params)
  expect(theirs.probs.size, `${spec}: llama-server listed tokens`).toBeGreaterThan(0)
  for (const [id, p] of theirs.probs)
    expect(
      Math.abs((ours.probs.get(id) ?? 0) - p),
      `${spec}: token ${id}: ours ${ours.probs.get(id)}, llama-server ${p}`,
    ).toBeLessThan(1e-3)
  for (const [id, p] of ours.probs)
    if (!theirs.probs.has(id)) expect(p, `${spec}: token ${id} only ours`).toBeLessThan(1e-3)
  if (process.env.DEBUG_SAMPLERS)
    console.log(
      spec,
      [...theirs.probs]
        .slice(0, 6)
        .map(([id, p]) => `${id}:${p.toFixed(4)}/${(ours.probs.get(id) ?? 0).toFixed(4)}`)
        .join(' '),
    )
  return [...theirs.probs.values()].filter((p) => p > 1e-3).length
}

// Orders as codes: parseOrder would do, but the spec text here is parsed by hand.
const code = (keys: ProcessorKey[]): number => keys.reduce((c, k) => c * 16 + ORDER_DIGITS.indexOf(k) + 1, 0)
const ORDER_DIGITS: ProcessorKey[] = [
  'repetitionPenalty',
  'frequencyPenalty',
  'presencePenalty',
  'noRepeatNgram',
  'temperature',
  'topK',
  'topP',
  'minP',
  'typicalP',
  'epsilon',
  'eta',
  'topNSigma',
  'dry',
  'xtc',
]

let PROMPT: TokenId[] = []

/** χ²'s 0.999 quantile with df degrees of freedom (Wilson–Hilferty; z = 3.0902): 10.83 at df 1 (10.6 here), 16.27 at 3. */
function chiSquare999(df: number): number {
  const a = 2 / (9 * df)
  return df * (1 - a + 3.0902 * Math.sqrt(a)) ** 3
}

describe('each deterministic sampler alone matches llama-server', () => {
  it.each([
    'temperature=0.7',
    'temperature=1.6',
    'topK=5',
    'topP=0.6',
    'minP=0.3',
    'typicalP=0.7',
    'topNSigma=1',
    'repetitionPenalty=1.5',
    'repetitionPenalty=1.5,penaltyLastN=4',
    'frequencyPenalty=0.6,penaltyLastN=10',
    'presencePenalty=0.8',
    'repetitionPenalty=0.7,presencePenalty=-0.5,order=llama',
    'repetitionPenalty=1.3,frequencyPenalty=0.3,presencePenalty=0.2,penaltyLastN=12,order=llama',
    'dryMultiplier=0.8',
    'dryMultiplier=1.2,dryBase=2,dryAllowedLength=1,dryPenaltyLastN=9',
    'dynatempRange=0.5',
    'temperature=0.8,dynatempRange=0.6,dynatempExponent=2',
  ])(
    '%s',
    async (spec) => {
      const order = spec.includes('order=llama')
        ? spec.replace(
            'order=llama',
            `order=${code(['repetitionPenalty', 'frequencyPenalty', 'presencePenalty', 'dry', 'topNSigma', 'topK', 'typicalP', 'topP', 'minP', 'xtc', 'temperature'])}`,
          )
        : spec
      await expectSameStep(PROMPT, order)
    },
    60_000,
  )

  it('the truncations really cut: top-k 5 leaves 5 tokens', async () => {
    expect(await expectSameStep(PROMPT, 'topK=5')).toBe(5)
  }, 60_000)
})

describe('XTC with xtcProbability = 1 matches llama-server', () => {
  it('a threshold between the 4th and 5th most probable token removes the top 3', async () => {
    const own = sortedCandidates(await local.next(contextOf(PROMPT)))
    const threshold = (own.probs[3] + own.probs[4]) / 2
    await expectSameStep(PROMPT, `xtcProbability=1,xtcThreshold=${threshold}`)
    const ours = await localProbs(PROMPT, `xtcProbability=1,xtcThreshold=${threshold}`)
    for (let i = 0; i < 3; i++) expect(ours.probs.get(own.ids[i]), `rank ${i}`).toBe(0)
    expect(ours.probs.get(own.ids[3])).toBeGreaterThan(0)
  }, 60_000)
})

describe('mixed chains in the llama order and in custom orders match llama-server', () => {
  const llama = code([
    'repetitionPenalty',
    'frequencyPenalty',
    'presencePenalty',
    'dry',
    'topNSigma',
    'topK',
    'typicalP',
    'topP',
    'minP',
    'xtc',
    'temperature',
  ])
  const mixes = [
    'repetitionPenalty=1.2,penaltyLastN=16,topK=20,topP=0.9,minP=0.05,temperature=0.8',
    'dryMultiplier=0.8,topNSigma=1.5,minP=0.02,temperature=1.3',
    'presencePenalty=0.5,typicalP=0.9,topP=0.95,dynatempRange=0.4,temperature=0.7',
  ]
  it.each(mixes)(
    `llama order: %s`,
    async (spec) => {
      await expectSameStep(PROMPT, `${spec},order=${llama}`)
    },
    60_000,
  )

  it.each([
    [mixes[0], ['temperature', 'topK', 'minP', 'topP', 'repetitionPenalty']],
    [mixes[1], ['temperature', 'minP', 'topNSigma', 'dry']],
    [mixes[2], ['temperature', 'topP', 'typicalP', 'presencePenalty']],
  ] as [string, ProcessorKey[]][])(
    'custom order: %s in %j',
    async (spec, keys) => {
      await expectSameStep(PROMPT, `${spec},order=${code(keys)}`)
    },
    60_000,
  )
})

describe('Mirostat and adaptive-p: the first step matches llama-server, and so do the first draws (χ²)', () => {
  it.each([
    'mirostat=2,mirostatTau=3',
    'mirostat=1,mirostatTau=3',
    'mirostat=2,mirostatTau=4,temperature=0.7',
    'adaptiveTarget=0.1',
    'adaptiveTarget=0.3,adaptiveDecay=0.5,topK=10',
  ])(
    '%s',
    async (spec) => {
      await expectSameStep(PROMPT, spec)
    },
    60_000,
  )

  it.each(['mirostat=2,mirostatTau=3', 'mirostat=1,mirostatTau=5', 'adaptiveTarget=0.15,topK=8'])(
    'our first draws under %s follow llama-server’s distribution after its chain (χ², p = 0.001)',
    async (text) => {
      const n = 3000
      const ours = await localProbs(PROMPT, text)
      const theirs = await serverProbs(contextOf(PROMPT), ours.params)
      const spec = validateStrategy('sample', { ...ours.params, seed: 11, samples: n }, () => 1)
      const r = await decode(local, PROMPT, spec, { maxTokens: 1, topN: 10 })
      const counts = new Map<TokenId, number>()
      for (const q of r.sequences) counts.set(q.tokenIds[0], (counts.get(q.tokenIds[0]) ?? 0) + 1)
      // Cells of expected count ≥ 5; the rare tokens pooled into one, as χ² asks.
      const cells: [number, number][] = []
      let rare: [number, number] = [0, 0]
      for (const [id, p] of theirs.probs) {
        if (p * n >= 5) cells.push([counts.get(id) ?? 0, p * n])
        else rare = [rare[0] + (counts.get(id) ?? 0), rare[1] + p * n]
      }
      if (rare[1] > 0) cells.push(rare)
      // Nothing drawn outside what llama-server keeps.
      for (const id of counts.keys()) expect(theirs.probs.has(id), `token ${id}`).toBe(true)
      expect(cells.length).toBeGreaterThan(2)
      const chi = cells.reduce((x, [o, e]) => x + (o - e) ** 2 / e, 0)
      expect(chi).toBeLessThan(chiSquare999(cells.length - 1))
    },
    120_000,
  )
})

describe("sample's logitBias parameter matches llama-server's logit_bias", () => {
  it('token=bias pairs, a text tokenized as the prompt is, and a ban, alone and before temperature and top-k', async () => {
    const own = sortedCandidates(await local.next(contextOf(PROMPT)))
    const [a, b, c] = Array.from(own.ids.subarray(0, 3))
    const text = local.tokenText(own.ids[3])
    const logitBias = `${a}=-1.5, ${b}=false, ${JSON.stringify(text)}=2, ${own.ids[10]}=3`
    const theirBias = {
      logit_bias: [
        [a, -1.5],
        [b, false],
        [text, 2],
        [own.ids[10], 3],
      ],
    }
    for (const params of [{ order: LLAMA_ORDER }, { temperature: 0.8, topK: 20, order: LLAMA_ORDER }]) {
      const spec = validateStrategy('sample', { ...params, logitBias }, () => 1)
      const r = await decode(local, PROMPT, spec, { maxTokens: 1, topN: local.vocabSize })
      const ours = new Map(r.tree.filter((n) => n.parent === 0).map((n) => [n.tokenId as TokenId, n]))
      const theirs = await serverProbs(contextOf(PROMPT), spec.params, 1, theirBias)
      expect(theirs.probs.has(b)).toBe(false)
      expect(ours.get(b)).toMatchObject({ processedProb: 0, filteredBy: 'logitBias' })
      for (const [id, p] of theirs.probs)
        expect(Math.abs(p - (ours.get(id)?.processedProb ?? 0)), `${JSON.stringify(params)}: token ${id}`).toBeLessThan(
          1e-3,
        )
      for (const [id, n] of ours)
        if (!theirs.probs.has(id)) expect(n.processedProb, `token ${id} only ours`).toBeLessThan(1e-3)
      // The biases moved things: c keeps its logit, a falls below it.
      expect(ours.get(a)?.processedProb as number).toBeLessThan(ours.get(c)?.processedProb as number)
    }
  }, 60_000)
})
