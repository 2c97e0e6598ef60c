// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { applyChain } from '../processors'
import {
  buildChain,
  decodeOrder,
  encodeOrder,
  formatOrder,
  HF_ORDER,
  LLAMA_ORDER,
  orderDifference,
  parseOrder,
  PROCESSOR_KEYS,
} from './order'
import { cand, LLAMA } from './testing'

describe('order codes', () => {
  it('one hex digit per processor, first processor most significant', () => {
    // temperature is 5th, topK 6th, topP 7th: 0x567 = 5 × 256 + 6 × 16 + 7 = 1383.
    expect(parseOrder('temperature>topK>topP')).toBe(0x567)
    expect(parseOrder('topP > temperature')).toBe(0x75)
    expect(HF_ORDER).toBe(0x123456789abc)
    // llama: penalties 1 2 3, dry d, topNSigma c, topK 6, typicalP 9, topP 7, minP 8, xtc e, temperature 5.
    expect(LLAMA_ORDER).toBe(0x123dc6978e5)
    expect(parseOrder('hf')).toBe(HF_ORDER)
    expect(parseOrder('llama')).toBe(LLAMA_ORDER)
  })

  it('decodes and formats back', () => {
    expect(decodeOrder(0x567)).toEqual(['temperature', 'topK', 'topP'])
    expect(decodeOrder(HF_ORDER)).toEqual(PROCESSOR_KEYS.slice(0, 12))
    expect(formatOrder(0x567)).toBe('temperature>topK>topP')
    expect(formatOrder(HF_ORDER)).toBe('hf')
    expect(formatOrder(LLAMA_ORDER)).toBe('llama')
    expect(encodeOrder(decodeOrder(LLAMA_ORDER))).toBe(LLAMA_ORDER)
  })

  it.each([0, -5, 1.5, 0x50, 0xf, 0x55, 16 ** 13])('rejects the code %s', (code) => {
    expect(() => decodeOrder(code)).toThrow(/order must be hf, llama or a list such as temperature>topK>topP/)
  })

  it('rejects unknown names and repeats in a list', () => {
    expect(() => parseOrder('temperature>topq')).toThrow(
      '"topq" is not a processor (use repetitionPenalty, frequencyPenalty,',
    )
    expect(() => parseOrder('topK>topK')).toThrow('order lists topK twice')
    expect(() => parseOrder('')).toThrow('"" is not a processor')
  })
})

describe('buildChain', () => {
  it('chains only the processors set to a non-neutral value, in order', () => {
    const values = { temperature: 0.5, topK: 0, topP: 0.8, minP: 0 }
    expect(buildChain(values, HF_ORDER).map((p) => p.name)).toEqual(['temperature', 'topP'])
    expect(buildChain(values, LLAMA_ORDER).map((p) => p.name)).toEqual(['topP', 'temperature'])
  })

  it('refuses an order that leaves out a processor that is set', () => {
    expect(() => buildChain({ temperature: 0.5, topP: 0.8 }, parseOrder('temperature>topK'))).toThrow(
      'order temperature>topK leaves out topP, which is set; list every processor that is set',
    )
  })

  it('hf and llama differ on temperature 0.5 with top-p 0.8, and the difference shows', () => {
    // hf, temperature first: 16/30, 9/30, 4/30, 1/30; 16/30 < 0.8 ≤ 25/30 → ids 3, 2 (0.64, 0.36).
    // llama, top-p first on 0.4, 0.3, 0.2, 0.1: 0.7 < 0.8 ≤ 0.9 → ids 3, 2, 1, then squared:
    // 0.16, 0.09, 0.04 over 0.29.
    const values = { temperature: 0.5, topP: 0.8 }
    const hf = applyChain(buildChain(values, HF_ORDER), cand(LLAMA))
    const llama = applyChain(buildChain(values, LLAMA_ORDER), cand(LLAMA))
    expect(Array.from(hf.ids)).toEqual([3, 2])
    expect(hf.probs[0]).toBeCloseTo(0.64, 12)
    expect(Array.from(llama.ids)).toEqual([3, 2, 1])
    ;[0.16 / 0.29, 0.09 / 0.29, 0.04 / 0.29].forEach((e, i) => expect(llama.probs[i]).toBeCloseTo(e, 12))
    expect(orderDifference(values, HF_ORDER, LLAMA_ORDER)).toEqual({
      a: ['temperature', 'topP'],
      b: ['topP', 'temperature'],
      differs: true,
      missingA: [],
      missingB: [],
    })
    expect(orderDifference({ topP: 0.8, minP: 0.1 }, HF_ORDER, LLAMA_ORDER).differs).toBe(false)
  })

  it('penalties see the context through applyChain', () => {
    // repetitionPenalty 2 with context [3]: 0.16 for id 3 (see penalties.test.ts), then top-k 1 keeps id 2.
    const out = applyChain(buildChain({ repetitionPenalty: 2, topK: 1 }), cand(LLAMA), [3])
    expect(Array.from(out.ids)).toEqual([2])
  })
})

describe("order=llama: llama-server's default chain", () => {
  const everything = {
    repetitionPenalty: 1.1,
    frequencyPenalty: 0.1,
    presencePenalty: 0.1,
    dryMultiplier: 0.8,
    topNSigma: 2,
    topK: 40,
    typicalP: 0.9,
    topP: 0.95,
    minP: 0.05,
    xtcProbability: 0.5,
    temperature: 0.8,
  }

  it('penalties, dry, top_n_sigma, top_k, typ_p, top_p, min_p, xtc, temperature', () => {
    const chain = buildChain(everything, LLAMA_ORDER, { random: () => 0.5, dryBreakers: [] })
    expect(chain.map((p) => p.name)).toEqual([
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
    expect(formatOrder(LLAMA_ORDER)).toBe('llama')
    expect(parseOrder('dry>xtc')).toBe(0xde)
  })

  it('has no place for what llama.cpp lacks, and hf none for DRY or XTC', () => {
    expect(() => buildChain({ epsilon: 0.1 }, LLAMA_ORDER)).toThrow('order llama leaves out epsilon, which is set')
    expect(() => buildChain({ dryMultiplier: 1 }, HF_ORDER)).toThrow('order hf leaves out dry, which is set')
    expect(orderDifference({ dryMultiplier: 1, topK: 5, epsilon: 0.1 }, HF_ORDER, LLAMA_ORDER)).toEqual({
      a: ['topK', 'epsilon'],
      b: ['dry', 'topK'],
      differs: true,
      missingA: ['dry'],
      missingB: ['epsilon'],
    })
  })

  it('temperature becomes dynamic with a range, and is on with one even at 1', () => {
    expect(buildChain({ dynatempRange: 0.5 }, LLAMA_ORDER).map((p) => p.name)).toEqual(['dynatemp'])
    expect(buildChain({ temperature: 0.7 }, LLAMA_ORDER).map((p) => p.name)).toEqual(['temperature'])
    // T = 0.5 + 1 × 0.923220 (see dynatemp.test.ts): the chain applies what dynamicTemperature does.
    const out = applyChain(buildChain({ dynatempRange: 0.5 }, LLAMA_ORDER), cand(LLAMA))
    expect(out.probs[0]).toBeCloseTo(0.356001, 6)
  })

  it('passes penaltyLastN, the DRY settings and the generator on', () => {
    // frequencyPenalty ln 2 with a window of 1 on 3, 3, 2: only id 2 halves (penalties.test.ts).
    const windowed = applyChain(buildChain({ frequencyPenalty: Math.LN2, penaltyLastN: 1 }), cand(LLAMA), [3, 3, 2])
    expect(windowed.probs[0]).toBeCloseTo(0.4 / 0.85, 12)
    // DRY multiplier 1, base 1.75, allowed length 2 on 0 1 2 0 1: id 2 × e^(−1).
    const z = 0.8 + 0.2 * Math.exp(-1)
    const dried = applyChain(
      buildChain({ dryMultiplier: 1 }, LLAMA_ORDER),
      cand([0.2, 0.2, 0.2, 0.2, 0.2]),
      [0, 1, 2, 0, 1],
    )
    expect(Array.from(dried.ids)).toEqual([0, 1, 3, 4, 2])
    expect(dried.probs[4]).toBeCloseTo((0.2 * Math.exp(-1)) / z, 12)
    // DRY breakers from the environment: 1 as a breaker stops it.
    expect(
      applyChain(
        buildChain({ dryMultiplier: 1 }, LLAMA_ORDER, { dryBreakers: [[1]] }),
        cand([0.2, 0.2, 0.2, 0.2, 0.2]),
        [0, 1, 2, 0, 1],
      ).probs[4],
    ).toBeCloseTo(0.2, 12)
    // XTC with probability 1 and threshold 0.29 drops 0.4 (xtc.test.ts); without a generator it cannot run.
    let draws = 0
    const xtcOut = applyChain(
      buildChain({ xtcProbability: 1, xtcThreshold: 0.29 }, LLAMA_ORDER, { random: () => (draws++, 0.5) }),
      cand(LLAMA),
    )
    expect(Array.from(xtcOut.ids)).toEqual([2, 1, 0])
    expect(draws).toBe(1)
    expect(() => applyChain(buildChain({ xtcProbability: 1 }, LLAMA_ORDER), cand(LLAMA))).toThrow(
      /xtc needs the run’s seeded generator/,
    )
  })

  it('an order lists at most 13 processors', () => {
    expect(() => encodeOrder(PROCESSOR_KEYS)).toThrow(
      'an order lists at most 13 processors (it is stored as a number), got 14',
    )
    expect(decodeOrder(encodeOrder(PROCESSOR_KEYS.slice(1)))).toEqual(PROCESSOR_KEYS.slice(1))
  })
})
